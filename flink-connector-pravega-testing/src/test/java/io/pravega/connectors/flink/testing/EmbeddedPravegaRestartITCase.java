package io.pravega.connectors.flink.testing;

import io.pravega.client.admin.StreamManager;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Clusters start and stop in a row in one JVM, and stopping them leaves no threads behind. */
class EmbeddedPravegaRestartITCase {

    private static final int CLUSTERS = 10;
    /** A few JVM-wide pools (e.g. ForkJoin common pool workers) may come and go. */
    private static final int THREAD_SLACK = 15;

    @Test
    void startsAndStopsTenClustersWithoutLeakingThreads() throws Exception {
        // The first cluster warms up JVM-wide singletons (timers, pools) that stay by design.
        try (EmbeddedPravega warmUp = EmbeddedPravega.start()) {
            assertThat(warmUp.createScope("warm-up")).isTrue();
        }
        int baseline = ThreadCounts.stableCount();

        int peak = 0;
        for (int i = 0; i < CLUSTERS; i++) {
            try (EmbeddedPravega pravega = EmbeddedPravega.start()) {
                try (StreamManager streamManager = StreamManager.create(pravega.getClientConfig())) {
                    assertThat(streamManager.createScope("scope-" + i)).isTrue();
                }
                peak = Math.max(peak, ThreadCounts.liveThreads());
            }
        }

        int after = ThreadCounts.settledCount(baseline + THREAD_SLACK);
        assertThat(peak).as("a running cluster holds many threads").isGreaterThan(baseline + 50);
        assertThat(after)
                .as("live threads after %d clusters (baseline %d):%n%s", CLUSTERS, baseline, ThreadCounts.dump())
                .isLessThanOrEqualTo(baseline + THREAD_SLACK);
    }
}
