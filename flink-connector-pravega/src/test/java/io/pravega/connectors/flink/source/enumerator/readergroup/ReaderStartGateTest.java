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

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReaderStartGateTest {

    private static final long MAX_WAIT = TimeUnit.SECONDS.toNanos(30);

    private final ReaderStartGate gate = new ReaderStartGate(MAX_WAIT);

    @Test
    void readersWaitUntilEverySubtaskRegisteredAndIsOnline() {
        gate.registered(0, 0);
        // Subtask 1 has not registered yet.
        assertThat(gate.open(Set.of("r0"), List.of("r0"), 1, 2, 10)).isEmpty();
        gate.registered(1, 20);
        // Registered, but its reader is not in the group yet.
        assertThat(gate.open(Set.of("r0"), List.of("r0", "r1"), 2, 2, 30)).isEmpty();
        assertThat(gate.isWaiting()).isTrue();

        assertThat(gate.open(Set.of("r0", "r1", "old"), List.of("r0", "r1"), 2, 2, 40))
                .containsExactly(0, 1);
        assertThat(gate.isWaiting()).isFalse();
        assertThat(gate.open(Set.of("r0", "r1"), List.of("r0", "r1"), 2, 2, 50)).isEmpty();
    }

    @Test
    void aReaderThatRegistersLaterStartsOnceItIsOnline() {
        gate.registered(0, 0);
        gate.registered(1, 0);
        assertThat(gate.open(Set.of("r0", "r1"), List.of("r0", "r1"), 2, 2, 10))
                .containsExactly(0, 1);

        // Subtask 1 fails and registers again with a new reader.
        gate.removed(1);
        gate.registered(1, 100);
        assertThat(gate.open(Set.of("r0"), List.of("r0", "r1b"), 2, 2, 110)).isEmpty();
        assertThat(gate.open(Set.of("r0", "r1b"), List.of("r0", "r1b"), 2, 2, 120))
                .containsExactly(1);
    }

    @Test
    void noReaderWaitsLongerThanTheMaximum() {
        gate.registered(0, 0);
        long almost = MAX_WAIT - TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(gate.longestWaitMillis(almost)).isEqualTo(TimeUnit.NANOSECONDS.toMillis(almost));
        assertThat(gate.open(Set.of("r0"), List.of("r0"), 1, 3, almost)).isEmpty();
        assertThat(gate.open(Set.of("r0"), List.of("r0"), 1, 3, MAX_WAIT)).containsExactly(0);
    }

    @Test
    void aFailedSubtaskNoLongerWaits() {
        gate.registered(0, 0);
        gate.removed(0);
        assertThat(gate.isWaiting()).isFalse();
        assertThat(gate.longestWaitMillis(100)).isZero();
        assertThat(gate.openAll()).isEmpty();
    }

    @Test
    void openAllStartsEveryWaitingReaderAtOnce() {
        gate.registered(2, 0);
        gate.registered(0, 0);
        assertThat(gate.openAll()).containsExactly(0, 2);
        assertThat(gate.isWaiting()).isFalse();
    }
}
