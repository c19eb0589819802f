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
package io.pravega.connectors.flink;

import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.testing.PravegaExtension;
import io.pravega.connectors.flink.utils.TestEvents;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flink 2.3 can pause sources after a restore until the first checkpoint. The exactly-once reader
 * could never complete a checkpoint then, so it refuses to start. A local environment of its own,
 * not the shared MiniCluster: the option must reach the TaskManagers' configuration.
 */
class PausedSourcesITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @Test
    void anExactlyOnceReaderRejectsPausingSourcesUntilTheFirstCheckpointAtJobStart()
            throws Exception {
        Stream stream = PRAVEGA.createStream(1);
        TestEvents.writeIntegers(PRAVEGA.getClientConfig(), stream, 0, 10);
        Configuration conf = new Configuration();
        conf.setString("pipeline.sources.pause-until-first-checkpoint", "true");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(200);
        FlinkPravegaReader<Integer> reader =
                FlinkPravegaReader.<Integer>builder()
                        .withPravegaConfig(PRAVEGA.getPravegaConfig())
                        .forStream(stream)
                        .withDeserializationSchema(TestEvents.integerSchema())
                        .build();
        env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega")
                .sinkTo(new DiscardingSink<>());

        JobClient job = env.executeAsync("paused-sources");
        try {
            assertThatThrownBy(() -> job.getJobExecutionResult().get(1, TimeUnit.MINUTES))
                    .isInstanceOf(ExecutionException.class)
                    .hasStackTraceContaining(
                            "The exactly-once Pravega reader cannot run with "
                                    + "pipeline.sources.pause-until-first-checkpoint=true")
                    .hasStackTraceContaining("AT_LEAST_ONCE");
        } finally {
            // A local environment's cluster ends with its job: only a job still running is
            // cancelled.
            if (!job.getJobExecutionResult().isDone()) {
                job.cancel().get();
            }
        }
    }
}
