package io.pravega.connectors.flink;

import io.pravega.connectors.flink.conformance.PravegaSourceExternalContext;
import io.pravega.connectors.flink.conformance.PravegaTestResource;

import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Nested;

/**
 * {@link FlinkPravegaReader} against Flink's source conformance suite, which nobody here wrote:
 * single and multiple splits, an idle reader, savepoints with the same, a higher and a lower
 * parallelism, metrics and a TaskManager failure, each in both checkpointing modes.
 */
class FlinkPravegaReaderConformanceITCase {

    @Nested
    class SourceTestSuite extends SourceTestSuiteBase<String> {

        @TestEnv
        final MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

        @TestExternalSystem
        final PravegaTestResource pravega = new PravegaTestResource();

        @TestContext
        final ExternalContextFactory<PravegaSourceExternalContext> routingKeySplits =
                PravegaSourceExternalContext.factory(pravega);

        @TestSemantics
        final CheckpointingMode[] semantics = {CheckpointingMode.EXACTLY_ONCE, CheckpointingMode.AT_LEAST_ONCE};
    }
}
