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
package io.pravega.connectors.flink.source.enumerator.readergroup;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointPollSchedulerTest {

    @Test
    void theFirstPollsOfACheckpointComeSoon() throws Exception {
        CheckpointPollScheduler scheduler = new CheckpointPollScheduler("group");
        try {
            scheduler.checkpointStarted();
            // Pravega schedules its completion poll 500 ms ahead.
            ScheduledFuture<?> poll = scheduler.schedule(() -> {}, 500, TimeUnit.MILLISECONDS);
            assertThat(poll.getDelay(TimeUnit.MILLISECONDS))
                    .isLessThanOrEqualTo(CheckpointPollScheduler.MIN_DELAY_MILLIS);
            ScheduledFuture<String> call = scheduler.schedule(() -> "done", 1, TimeUnit.MINUTES);
            assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void pollsSlowDownWhileACheckpointStaysPendingSoThatReadsDoNotPileUp() {
        assertThat(CheckpointPollScheduler.delayFor(500, 0))
                .isEqualTo(CheckpointPollScheduler.MIN_DELAY_MILLIS);
        assertThat(CheckpointPollScheduler.delayFor(500, 200)).isEqualTo(50);
        assertThat(CheckpointPollScheduler.delayFor(500, 10_000)).isEqualTo(500);
        // Short and immediate tasks keep their delay.
        assertThat(CheckpointPollScheduler.delayFor(3, 10_000)).isEqualTo(3);
        assertThat(CheckpointPollScheduler.delayFor(0, 0)).isZero();
        assertThat(CheckpointPollScheduler.delayFor(-5, 0)).isZero();
    }
}
