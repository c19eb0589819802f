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
package io.pravega.connectors.flink.testing;

import io.pravega.client.admin.StreamManager;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Clusters start and stop in a row in one JVM, and stopping them leaves no threads behind. */
class EmbeddedPravegaRestartITCase {

    private static final int CLUSTERS = 10;

    /** A few JVM-wide pools (e.g. ForkJoin common pool workers) may come and go. */
    private static final int THREAD_SLACK = 15;

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void startsAndStopsTenClustersWithoutLeakingThreads() throws Exception {
        // The first cluster warms up JVM-wide singletons (timers, pools) that stay by design.
        try (EmbeddedPravega warmUp = EmbeddedPravega.start()) {
            assertThat(warmUp.createScope("warm-up")).isTrue();
        }
        LiveThreads baseline = LiveThreads.settled(Duration.ofSeconds(1), SETTLE_TIMEOUT);

        int peak = 0;
        for (int i = 0; i < CLUSTERS; i++) {
            try (EmbeddedPravega pravega = EmbeddedPravega.start()) {
                try (StreamManager streamManager =
                        StreamManager.create(pravega.getClientConfig())) {
                    assertThat(streamManager.createScope("scope-" + i)).isTrue();
                }
                peak = Math.max(peak, LiveThreads.now().count());
            }
        }

        LiveThreads after =
                LiveThreads.await(
                        threads -> threads.count() <= baseline.count() + THREAD_SLACK,
                        SETTLE_TIMEOUT);
        assertThat(peak)
                .as("a running cluster holds many threads")
                .isGreaterThan(baseline.count() + 50);
        assertThat(after.count())
                .as(
                        "live threads after %d clusters (baseline %d); threads not in the baseline:%n%s",
                        CLUSTERS, baseline.count(), after.newSince(baseline))
                .isLessThanOrEqualTo(baseline.count() + THREAD_SLACK);
    }
}
