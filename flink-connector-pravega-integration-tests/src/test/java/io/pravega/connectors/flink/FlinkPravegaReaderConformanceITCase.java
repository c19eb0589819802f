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

import io.pravega.connectors.flink.conformance.PravegaSourceExternalContext;
import io.pravega.connectors.flink.conformance.PravegaTestResource;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FlinkPravegaReader} against Flink's source conformance suite, which nobody here wrote:
 * single and multiple splits, an idle reader, savepoints with the same, a higher and a lower
 * parallelism, metrics and a TaskManager failure, each in both checkpointing modes. The suite's own
 * assertions check the records; the test below checks the mapping they rely on.
 */
class FlinkPravegaReaderConformanceITCase {

    @Nested
    class SourceTestSuite extends SourceTestSuiteBase<String> {

        @TestEnv final MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

        @TestExternalSystem final PravegaTestResource pravega = new PravegaTestResource();

        @TestContext
        final ExternalContextFactory<PravegaSourceExternalContext> routingKeySplits =
                PravegaSourceExternalContext.factory(pravega);

        @TestSemantics
        final CheckpointingMode[] semantics = {
            CheckpointingMode.EXACTLY_ONCE, CheckpointingMode.AT_LEAST_ONCE
        };

        /** The suite's bounded cases need a bounded read, its restart cases an unbounded one. */
        @Test
        void theContextsSourceHasTheBoundednessTheSuiteAsksFor() throws Exception {
            try (PravegaSourceExternalContext context =
                    PravegaSourceExternalContext.factory(pravega)
                            .createExternalContext("boundedness")) {
                for (Boundedness boundedness : Boundedness.values()) {
                    TestingSourceSettings settings =
                            TestingSourceSettings.builder()
                                    .setBoundedness(boundedness)
                                    .setCheckpointingMode(CheckpointingMode.EXACTLY_ONCE)
                                    .build();
                    assertThat(context.createSource(settings).getBoundedness())
                            .isEqualTo(boundedness);
                }
            }
        }
    }
}
