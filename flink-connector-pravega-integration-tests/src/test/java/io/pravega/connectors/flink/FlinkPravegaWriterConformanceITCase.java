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

import io.pravega.connectors.flink.conformance.PravegaSinkExternalContext;
import io.pravega.connectors.flink.conformance.PravegaTestResource;

import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.sink.TestingSinkSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SinkTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FlinkPravegaWriter} against Flink's sink conformance suite: a basic write, savepoints with
 * the same, a higher and a lower parallelism, and metrics, each in both checkpointing modes
 * (EXACTLY_ONCE runs the transactional writer, AT_LEAST_ONCE the flushing one). The suite's own
 * assertions check the records; the test below checks that mapping of modes.
 */
class FlinkPravegaWriterConformanceITCase {

    @Nested
    class SinkTestSuite extends SinkTestSuiteBase<String> {

        @TestEnv final MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

        @TestExternalSystem final PravegaTestResource pravega = new PravegaTestResource();

        @TestContext
        final ExternalContextFactory<PravegaSinkExternalContext> streams =
                PravegaSinkExternalContext.factory(pravega);

        @TestSemantics
        final CheckpointingMode[] semantics = {
            CheckpointingMode.EXACTLY_ONCE, CheckpointingMode.AT_LEAST_ONCE
        };

        @Test
        void eachCheckpointingModeGetsTheMatchingWriterMode() throws Exception {
            try (PravegaSinkExternalContext context =
                    PravegaSinkExternalContext.factory(pravega).createExternalContext("modes")) {
                assertThat(writerMode(context, CheckpointingMode.EXACTLY_ONCE))
                        .isEqualTo(PravegaWriterMode.EXACTLY_ONCE);
                assertThat(writerMode(context, CheckpointingMode.AT_LEAST_ONCE))
                        .isEqualTo(PravegaWriterMode.ATLEAST_ONCE);
            }
        }

        private PravegaWriterMode writerMode(
                PravegaSinkExternalContext context, CheckpointingMode mode) {
            TestingSinkSettings settings =
                    TestingSinkSettings.builder().setCheckpointingMode(mode).build();
            return ((FlinkPravegaWriter<?>) context.createSink(settings)).getWriterMode();
        }
    }
}
