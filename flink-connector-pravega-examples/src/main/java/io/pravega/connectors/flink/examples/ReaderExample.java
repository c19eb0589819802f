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
import io.pravega.connectors.flink.FlinkPravegaReader;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;
import io.pravega.connectors.flink.testing.ProgramOptions;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Reads {@code --stream NAME} (default "greetings") from its head to its tail as of job start and
 * counts the lines per name. Against an embedded Pravega it first writes some greetings with {@link
 * WriterExample}; against your own, run that first, or point it at any text stream.
 */
public final class ReaderExample {

    private ReaderExample() {}

    public static void main(String[] args) throws Exception {
        ProgramOptions params = ProgramOptions.parse(args);
        try (ExamplePravega pravega = ExamplePravega.connect(params, "examples")) {
            Stream stream = pravega.createStream(params.get("stream", "greetings"), 3);
            if (!params.has("controller")) {
                WriterExample.main(
                        new String[] {
                            "--controller",
                            pravega.config().getControllerURI().toString(),
                            "--scope",
                            stream.getScope(),
                            "--stream",
                            stream.getStreamName()
                        });
            }

            // A bounded read runs as a batch job: the sums come out once, at the end.
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
            FlinkPravegaReader<String> reader =
                    FlinkPravegaReader.<String>builder()
                            .withPravegaConfig(pravega.config())
                            .forStream(stream)
                            .withDeserializationSchema(
                                    new PravegaDeserializationSchema<>(
                                            String.class, new UTF8StringSerializer()))
                            .boundedToTail()
                            .build();
            env.fromSource(reader, WatermarkStrategy.noWatermarks(), "greetings")
                    .map(line -> Tuple2.of(line.split(" ")[1], 1L))
                    .returns(Types.TUPLE(Types.STRING, Types.LONG))
                    .keyBy(count -> count.f0)
                    .sum(1)
                    .print();
            env.execute("pravega-reader-example");
        }
    }
}
