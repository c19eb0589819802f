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

import io.pravega.client.batch.SegmentRange;
import io.pravega.client.batch.impl.SegmentRangeImpl;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.StreamRange;
import io.pravega.connectors.flink.source.enumerator.FakePravegaAccess;
import io.pravega.connectors.flink.source.event.SegmentsFinishedEvent;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.SegmentSplit;

import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;

import org.junit.jupiter.api.Test;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The enumerator of bounded reads against a fake Pravega ({@link FakePravegaAccess}) that lists two
 * segments of epoch 0 and their successor of epoch 1.
 */
class SegmentSplitEnumeratorTest {

    private static final Stream STREAM = Stream.of("scope", "stream");
    private static final StreamCut END =
            new StreamCutImpl(STREAM, Map.of(new Segment("scope", "stream", 0), 100L));
    private static final SegmentSplit FIRST = split(0, 0, 100);
    private static final SegmentSplit SECOND = split(1, 0, 100);

    /** Segment 2 of epoch 1, the successor of both. */
    private static final SegmentSplit SUCCESSOR = split((1L << 32) | 2, 0, 50);

    private static final Duration NEVER = Duration.ofHours(1);

    private final FakePravegaAccess pravega = new FakePravegaAccess("group");
    private final TestingSplitEnumeratorContext<PravegaSplit> context =
            new TestingSplitEnumeratorContext<>(2);

    SegmentSplitEnumeratorTest() {
        pravega.tails.put(STREAM, StreamCut.UNBOUNDED);
        pravega.segmentRanges.put(
                STREAM,
                List.of(
                        range(FIRST),
                        range(SECOND),
                        range(SUCCESSOR),
                        range(split(3, 70, 70)))); // nothing left to read in segment 3
    }

    private static SegmentSplit split(long segmentId, long start, long end) {
        return new SegmentSplit("scope", "stream", segmentId, start, end);
    }

    private static SegmentRange range(SegmentSplit split) {
        return SegmentRangeImpl.builder()
                .segment(split.getSegment())
                .startOffset(split.getStartOffset())
                .endOffset(split.getEndOffset())
                .build();
    }

    private static PravegaSourceConfig config(Duration segmentReleaseInterval) {
        return new PravegaSourceConfig(
                PravegaConfig.forController("tcp://localhost:9090"),
                List.of(new StreamRange(STREAM, StreamCut.UNBOUNDED, END)),
                "scope",
                "group",
                true,
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                3,
                segmentReleaseInterval,
                false,
                false,
                false,
                false,
                false,
                null);
    }

    private SegmentSplitEnumerator started(
            Duration segmentReleaseInterval, @Nullable SegmentEnumeratorState restored) {
        SegmentSplitEnumerator enumerator =
                new SegmentSplitEnumerator(
                        context, config(segmentReleaseInterval), restored, pravega);
        enumerator.start();
        return enumerator;
    }

    /** Both readers registered, then added. */
    private SegmentSplitEnumerator startedWithTwoReaders(Duration segmentReleaseInterval) {
        SegmentSplitEnumerator enumerator = started(segmentReleaseInterval, null);
        context.registerReader(0, "localhost");
        context.registerReader(1, "localhost");
        enumerator.addReader(0);
        enumerator.addReader(1);
        return enumerator;
    }

    private List<PravegaSplit> assigned(int subtask) {
        var state = context.getSplitAssignments().get(subtask);
        return state == null ? List.of() : state.getAssignedSplits();
    }

    private List<PravegaSplit> allAssigned() {
        List<PravegaSplit> all = new ArrayList<>(assigned(0));
        all.addAll(assigned(1));
        return all;
    }

    private boolean toldNoMoreSplits(int subtask) {
        var state = context.getSplitAssignments().get(subtask);
        return state != null && state.hasReceivedNoMoreSplitsSignal();
    }

    private static SegmentsFinishedEvent finished(SegmentSplit... splits) {
        List<String> ids = new ArrayList<>();
        for (SegmentSplit split : splits) {
            ids.add(split.splitId());
        }
        return new SegmentsFinishedEvent(ids);
    }

    @Test
    void initialSplitsAreTheUnreadSegmentsOfTheFirstEpochSpreadOverTheReaders() {
        startedWithTwoReaders(NEVER);

        assertThat(pravega.calls)
                .containsExactly("checkExists scope/stream", "segmentRanges scope/stream");
        assertThat(assigned(0)).hasSize(1);
        assertThat(assigned(1)).hasSize(1);
        assertThat(allAssigned()).containsExactlyInAnyOrder(FIRST, SECOND);
        assertThat(toldNoMoreSplits(0) || toldNoMoreSplits(1)).isFalse();
    }

    @Test
    void aSuccessorIsAssignedOnlyAfterAllItsPredecessorsFinished() {
        SegmentSplitEnumerator enumerator = startedWithTwoReaders(NEVER);

        enumerator.handleSourceEvent(0, finished(FIRST));
        assertThat(allAssigned()).doesNotContain(SUCCESSOR);

        enumerator.handleSourceEvent(1, finished(SECOND));
        assertThat(allAssigned()).containsOnlyOnce(SUCCESSOR);
    }

    @Test
    void whileCheckpointingASuccessorWaitsForTheNextCompletedCheckpoint() {
        SegmentSplitEnumerator enumerator = startedWithTwoReaders(NEVER);
        enumerator.snapshotState(1);

        enumerator.handleSourceEvent(0, finished(FIRST, SECOND));
        enumerator.notifyCheckpointComplete(1);
        assertThat(allAssigned())
                .as("checkpoint 1 was taken before they finished")
                .doesNotContain(SUCCESSOR);

        enumerator.snapshotState(2);
        assertThat(allAssigned()).doesNotContain(SUCCESSOR);
        enumerator.notifyCheckpointComplete(2);
        assertThat(allAssigned()).containsOnlyOnce(SUCCESSOR);
    }

    @Test
    void whileCheckpointingASuccessorWaitsAtMostTheSegmentReleaseInterval() {
        SegmentSplitEnumerator enumerator = startedWithTwoReaders(Duration.ofNanos(1));
        enumerator.snapshotState(1);
        enumerator.handleSourceEvent(0, finished(FIRST, SECOND));
        assertThat(allAssigned()).doesNotContain(SUCCESSOR);

        context.getExecutorService().triggerPeriodicScheduledTasks();

        assertThat(allAssigned()).containsOnlyOnce(SUCCESSOR);
    }

    @Test
    void theSplitsOfAFailedReaderAreAssignedAgain() {
        SegmentSplitEnumerator enumerator = startedWithTwoReaders(NEVER);
        List<PravegaSplit> failed = List.copyOf(assigned(0));
        // The testing context hands out its live map: the failed reader leaves it, as in Flink.
        context.registeredReaders().remove(0);

        enumerator.addSplitsBack(failed, 0);

        assertThat(assigned(1)).containsAll(failed);
    }

    @Test
    void
            aReaderThatRestartsAfterReportingAFinishedSplitSinceTheLastCheckpointFailsTheJobGlobally() {
        SegmentSplitEnumerator enumerator = startedWithTwoReaders(NEVER);
        enumerator.snapshotState(1);
        enumerator.notifyCheckpointComplete(1);
        enumerator.handleSourceEvent(0, finished((SegmentSplit) assigned(0).get(0)));

        assertThatThrownBy(() -> enumerator.addReader(0))
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("restarted after it finished segments");
    }

    @Test
    void aSnapshotRestoresWithoutListingTheSegmentsAgain() {
        SegmentSplitEnumerator enumerator = startedWithTwoReaders(NEVER);
        enumerator.handleSourceEvent(0, finished((SegmentSplit) assigned(0).get(0)));
        SegmentEnumeratorState state = enumerator.snapshotState(1);
        SegmentSplit stillRead = (SegmentSplit) assigned(1).get(0);
        assertThat(state.getAssigned()).containsExactly(stillRead);
        assertThat(state.getUnassigned()).containsExactly(SUCCESSOR);

        FakePravegaAccess restoredPravega = new FakePravegaAccess("group");
        TestingSplitEnumeratorContext<PravegaSplit> restoredContext =
                new TestingSplitEnumeratorContext<>(2);
        SegmentSplitEnumerator restored =
                new SegmentSplitEnumerator(restoredContext, config(NEVER), state, restoredPravega);
        restored.start();
        restoredContext.registerReader(0, "localhost");
        restoredContext.registerReader(1, "localhost");
        restored.addReader(0);
        restored.addReader(1);

        assertThat(restoredPravega.calls).isEmpty();
        assertThat(restoredContext.getSplitAssignments())
                .as("the successor waits for the restored split")
                .isEmpty();
        // A restored job checkpoints: the successor waits for the next checkpoint too.
        restored.handleSourceEvent(1, finished(stillRead));
        restored.snapshotState(2);
        restored.notifyCheckpointComplete(2);
        assertThat(restoredContext.getSplitAssignments().values())
                .anySatisfy(
                        assignment ->
                                assertThat(assignment.getAssignedSplits())
                                        .containsExactly(SUCCESSOR));
    }

    @Test
    void readersAreToldNoMoreSplitsComeOnceEverySplitIsAssigned() {
        SegmentSplitEnumerator enumerator = startedWithTwoReaders(NEVER);
        enumerator.handleSourceEvent(0, finished(FIRST, SECOND));

        assertThat(toldNoMoreSplits(0)).isTrue();
        assertThat(toldNoMoreSplits(1)).isTrue();
    }

    @Test
    void closeClosesThePravegaAccess() {
        SegmentSplitEnumerator enumerator = started(NEVER, null);

        enumerator.close();

        assertThat(pravega.closed).isTrue();
    }
}
