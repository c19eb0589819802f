/*
 * Copyright (c) The flink-connector-pravega Authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.pravega.connectors.flink.examples;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.testing.ProgramOptions;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes {@code --events N} (default 1000) greetings to {@code --stream NAME} (default
 * "greetings"), exactly once, routed by the greeted name so that each name's lines stay in order.
 */
public final class WriterExample {

    private WriterExample() {}

    public static void main(String[] args) throws Exception {
        ProgramOptions params = ProgramOptions.parse(args);
        long events = params.getLong("events", 1_000);
        try (ExamplePravega pravega = ExamplePravega.connect(params, "examples")) {
            Stream stream = pravega.createStream(params.get("stream", "greetings"), 3);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(1_000);
            env.fromSequence(0, events - 1)
                    .map(i -> "hello " + NAMES[(int) (i % NAMES.length)] + " #" + i)
                    .sinkTo(
                            FlinkPravegaWriter.<String>builder()
                                    .withPravegaConfig(pravega.config())
                                    .forStream(stream)
                                    .withSerializationSchema(
                                            new PravegaSerializationSchema<>(
                                                    new UTF8StringSerializer()))
                                    .withEventRouter(line -> line.split(" ")[1])
                                    .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                    .build());
            env.execute("pravega-writer-example");
            System.out.printf("Wrote %,d events to %s%n", events, stream.getScopedName());
        }
    }

    private static final String[] NAMES = {"ada", "grace", "linus", "margaret", "tim"};
}
