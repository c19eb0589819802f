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
import io.pravega.connectors.flink.FlinkPravegaReader;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Reads the text events of {@code --input} (default "input") and writes them, upper-cased, into
 * {@code --output} (default "output"), exactly once end to end, creating the output stream if it is
 * missing. It runs until cancelled, or with {@code --bounded} it reads up to the input's tail as of
 * its start and finishes.
 *
 * <pre>
 * flink run -d -c io.pravega.connectors.flink.examples.job.CopyJob flink-connector-pravega-example-job.jar \
 *     --controller tcp://localhost:9090 --scope demo --input input --output output
 * </pre>
 */
public final class CopyJob {

    private CopyJob() {}

    public static void main(String[] args) throws Exception {
        JobOptions params = new JobOptions(args);
        PravegaConfig pravega =
                PravegaConfig.fromArguments(params.toMap()).withDefaultScope("demo");

        FlinkPravegaReader.Builder<String> reader =
                FlinkPravegaReader.<String>builder()
                        .withPravegaConfig(pravega)
                        .forStream(params.get("input", "input"))
                        .withDeserializationSchema(
                                new PravegaDeserializationSchema<>(
                                        String.class, new UTF8StringSerializer()));
        if (params.has("bounded")) {
            reader.boundedToTail();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(params.getLong("checkpoint-interval", 2000));
        env.fromSource(reader.build(), WatermarkStrategy.noWatermarks(), "pravega-reader")
                .map(String::toUpperCase)
                .sinkTo(
                        FlinkPravegaWriter.<String>builder()
                                .withPravegaConfig(pravega)
                                .forStream(params.get("output", "output"))
                                .createStreamIfMissing(
                                        ScalingPolicy.fixed(params.getInt("segments", 2)))
                                .withSerializationSchema(
                                        new PravegaSerializationSchema<>(
                                                new UTF8StringSerializer()))
                                .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                .build())
                .name("pravega-writer");
        env.execute(
                "pravega-copy "
                        + params.get("input", "input")
                        + " -> "
                        + params.get("output", "output"));
    }
}
