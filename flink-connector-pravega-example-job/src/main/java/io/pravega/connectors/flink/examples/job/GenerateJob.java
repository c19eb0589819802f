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
package io.pravega.connectors.flink.examples.job;

import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes {@code --events N} (default 1000) numbered events, "event-1" to "event-N", exactly once
 * into {@code --stream} (default "input"), creating the scope and stream if they are missing.
 *
 * <pre>
 * flink run -c io.pravega.connectors.flink.examples.job.GenerateJob flink-connector-pravega-example-job.jar \
 *     --controller tcp://localhost:9090 --scope demo --stream input --events 1000
 * </pre>
 */
public final class GenerateJob {

    private GenerateJob() {}

    public static void main(String[] args) throws Exception {
        JobOptions params = new JobOptions(args);
        PravegaConfig pravega =
                PravegaConfig.fromArguments(params.toMap()).withDefaultScope("demo");
        long events = params.getLong("events", 1000);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(params.getLong("checkpoint-interval", 2000));
        env.fromSequence(1, events)
                .map(i -> "event-" + i)
                .sinkTo(
                        FlinkPravegaWriter.<String>builder()
                                .withPravegaConfig(pravega)
                                .forStream(params.get("stream", "input"))
                                .createStreamIfMissing(
                                        ScalingPolicy.fixed(params.getInt("segments", 2)))
                                .withSerializationSchema(
                                        new PravegaSerializationSchema<>(
                                                new UTF8StringSerializer()))
                                .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                .build())
                .name("pravega-writer");
        env.execute("pravega-generate " + params.get("stream", "input"));
    }
}
