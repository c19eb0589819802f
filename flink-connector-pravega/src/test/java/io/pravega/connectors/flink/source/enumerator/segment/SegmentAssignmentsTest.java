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
package io.pravega.connectors.flink.source.enumerator.segment;

import io.pravega.connectors.flink.source.split.SegmentSplit;
import io.pravega.shared.NameUtils;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentAssignmentsTest {

    /** Segment {@code number} of stream {@code stream}, created in {@code epoch}. */
    private static SegmentSplit segment(String stream, int number, int epoch) {
        return new SegmentSplit("scope", stream, NameUtils.computeSegmentId(number, epoch), 0, 100);
    }

    private static final SegmentSplit A0 = segment("a", 0, 0);
    private static final SegmentSplit A1 = segment("a", 1, 0);
    private static final SegmentSplit A2 = segment("a", 2, 1);
    private static final SegmentSplit A3 = segment("a", 3, 2);
    private static final SegmentSplit B0 = segment("b", 0, 0);
    private static final SegmentSplit B1 = segment("b", 1, 3);

    @Test
    void aSegmentIsReadableOnlyAfterEveryEarlierEpochOfItsStreamFinished() {
        SegmentAssignments assignments =
                new SegmentAssignments(List.of(A0, A1, A2, A3, B0, B1), List.of());

        assertThat(assignments.takeReadable()).containsExactly(A0, A1, B0);
        assignments.assign(A0, 0);
        assignments.assign(A1, 1);
        assignments.assign(B0, 0);
        assertThat(assignments.takeReadable()).isEmpty();

        assignments.finished(List.of(A0.splitId()));
        assertThat(assignments.takeReadable()).as("A1 of epoch 0 is still being read").isEmpty();
        assignments.finished(List.of(A1.splitId(), B0.splitId()));
        assertThat(assignments.takeReadable()).containsExactly(A2, B1);
        assignments.assign(A2, 1);
        assignments.assign(B1, 0);
        assignments.finished(List.of(A2.splitId()));
        assertThat(assignments.takeReadable()).containsExactly(A3);
        assertThat(assignments.allAssigned()).isTrue();
    }

    @Test
    void splitsOfAFailedReaderAreReadAgainAndHoldBackTheirSuccessors() {
        SegmentAssignments assignments = new SegmentAssignments(List.of(A0, A2), List.of());
        assertThat(assignments.takeReadable()).containsExactly(A0);
        assignments.assign(A0, 0);
        assertThat(assignments.load(0)).isEqualTo(1);

        SegmentSplit halfRead = A0.withStartOffset(40);
        assignments.returned(List.of(halfRead));
        assertThat(assignments.load(0)).isZero();
        assertThat(assignments.allAssigned()).isFalse();
        assertThat(assignments.takeReadable()).containsExactly(halfRead);
    }

    @Test
    void restoredAssignedSplitsBlockSuccessorsUntilReportedFinished() {
        SegmentAssignments assignments = new SegmentAssignments(List.of(A2), List.of(A0));
        assertThat(assignments.takeReadable()).isEmpty();
        assertThat(assignments.snapshot().getAssigned()).containsExactly(A0);

        // A reader restores A0 (possibly as a finished marker) and reports it.
        assignments.finished(List.of(A0.splitId()));
        assertThat(assignments.takeReadable()).containsExactly(A2);
        assertThat(assignments.snapshot().getUnassigned()).isEmpty();
    }

    @Test
    void aDrainingSplitHoldsBackItsSuccessorsUntilACheckpointTakenAfterItCompletes() {
        SegmentAssignments assignments = new SegmentAssignments(List.of(A0, A2), List.of());
        assertThat(assignments.takeReadable()).containsExactly(A0);
        assignments.assign(A0, 0);
        assignments.checkpointTaken(1);

        assignments.finishedButDraining(List.of(A0.splitId()), 0);
        assertThat(assignments.takeReadable())
                .as("A0's last events may still be on their way")
                .isEmpty();
        assertThat(assignments.load(0)).isZero();
        assertThat(assignments.snapshot().getAssigned())
                .as("finished: a restore must not read it again")
                .isEmpty();
        assertThat(assignments.snapshot().getUnassigned()).containsExactly(A2);

        assertThat(assignments.checkpointCompleted(1)).as("taken before A0 finished").isFalse();
        assertThat(assignments.takeReadable()).isEmpty();
        assignments.checkpointTaken(2);
        assignments.checkpointTaken(3);
        assertThat(assignments.checkpointCompleted(2)).isTrue();
        assertThat(assignments.takeReadable()).containsExactly(A2);
    }

    @Test
    void aDrainingSplitEndsDrainingAfterTheLongestWait() {
        SegmentAssignments assignments = new SegmentAssignments(List.of(A0, A2), List.of());
        assignments.takeReadable();
        assignments.assign(A0, 0);
        assignments.finishedButDraining(List.of(A0.splitId()), 1_000);

        assertThat(assignments.endDrainingOlderThan(1_499, 500)).isFalse();
        assertThat(assignments.takeReadable()).isEmpty();
        assertThat(assignments.endDrainingOlderThan(1_500, 500)).isTrue();
        assertThat(assignments.takeReadable()).containsExactly(A2);
    }

    @Test
    void aReturnedSplitStopsDrainingAndAnOldCheckpointDoesNotEndItsNewReading() {
        SegmentAssignments assignments = new SegmentAssignments(List.of(A0, A2), List.of());
        assignments.takeReadable();
        assignments.assign(A0, 0);
        assignments.finishedButDraining(List.of(A0.splitId()), 0);
        assignments.checkpointTaken(1);

        // Its reader failed before checkpoint 1 completed: A0 is read again, and A2 still waits for
        // it.
        assignments.returned(List.of(A0));
        assertThat(assignments.takeReadable()).containsExactly(A0);
        assignments.assign(A0, 1);
        assertThat(assignments.checkpointCompleted(1)).isFalse();
        assertThat(assignments.endDrainingOlderThan(Long.MAX_VALUE, 0)).isFalse();
        assertThat(assignments.takeReadable()).isEmpty();
        assertThat(assignments.load(1)).isEqualTo(1);
    }
}
