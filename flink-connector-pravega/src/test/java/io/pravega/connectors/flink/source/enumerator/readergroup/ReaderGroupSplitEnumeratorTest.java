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

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.StreamRange;
import io.pravega.connectors.flink.source.enumerator.FakePravegaAccess;
import io.pravega.connectors.flink.source.enumerator.FakeReaderGroup;
import io.pravega.connectors.flink.source.event.CheckpointAbortedEvent;
import io.pravega.connectors.flink.source.event.CheckpointNames;
import io.pravega.connectors.flink.source.event.StartReadingEvent;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.ReaderGroupSplit;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The enumerator of unbounded reads against a fake Pravega ({@link FakePravegaAccess}): what it
 * asks of the reader group, and what it tells the readers. Whether Pravega itself behaves so is for
 * the ITCases.
 */
class ReaderGroupSplitEnumeratorTest {

    private static final String GROUP = "group";
    private static final Stream STREAM = Stream.of("scope", "stream");
    private static final StreamCut START =
            new StreamCutImpl(STREAM, Map.of(new Segment("scope", "stream", 0), 10L));
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A checkpoint's or a reader-group call's bound in the tests of calls that hang. */
    private static final Duration SHORT = Duration.ofMillis(300);

    private static final String CONTROLLER = "tcp://localhost:9090";

    /** Ends the hang of the fake's calls that wait for it. */
    private final CountDownLatch pravegaBack = new CountDownLatch(1);

    private final FakePravegaAccess pravega = new FakePravegaAccess(GROUP);
    private final FakeReaderGroup group = pravega.readerGroup;
    private ReaderGroupSplitEnumerator enumerator;

    ReaderGroupSplitEnumeratorTest() {
        // The stream exists unless a test says otherwise.
        pravega.tails.put(STREAM, StreamCut.UNBOUNDED);
    }

    @AfterEach
    void closeEnumerator() {
        pravegaBack.countDown();
        if (enumerator != null) {
            enumerator.close();
        }
    }

    private static PravegaSourceConfig config(boolean generatedName, boolean atLeastOnce) {
        return config(generatedName, atLeastOnce, Duration.ofSeconds(10));
    }

    private static PravegaSourceConfig config(
            boolean generatedName, boolean atLeastOnce, Duration checkpointInitiateTimeout) {
        return new PravegaSourceConfig(
                PravegaConfig.forController(CONTROLLER),
                List.of(new StreamRange(STREAM, START, StreamCut.UNBOUNDED)),
                "scope",
                GROUP,
                generatedName,
                Duration.ofMillis(100),
                checkpointInitiateTimeout,
                Duration.ofMillis(100),
                3,
                // No release checkpoint starts during a test.
                Duration.ofHours(1),
                false,
                false,
                false,
                false,
                atLeastOnce,
                null);
    }

    private ReaderGroupSplitEnumerator started(
            TestingSplitEnumeratorContext<PravegaSplit> context,
            PravegaSourceConfig config,
            @Nullable ReaderGroupEnumeratorState restored) {
        enumerator = new ReaderGroupSplitEnumerator(context, config, restored, pravega);
        enumerator.start();
        return enumerator;
    }

    private ReaderGroupSplitEnumerator started(
            TestingSplitEnumeratorContext<PravegaSplit> context) {
        return started(context, config(false, false), null);
    }

    /**
     * Registers the subtask (again, after a failure) and hands it its split; returns its reader id.
     * The testing context cannot unregister a reader: a restarted one stays registered, as it is
     * again by the time Flink calls addReader.
     */
    private static String addReader(
            TestingSplitEnumeratorContext<PravegaSplit> context,
            ReaderGroupSplitEnumerator enumerator,
            int subtask) {
        if (!context.registeredReaders().containsKey(subtask)) {
            context.registerReader(subtask, "localhost");
        }
        enumerator.addReader(subtask);
        List<PravegaSplit> splits = context.getSplitAssignments().get(subtask).getAssignedSplits();
        return ((ReaderGroupSplit) splits.get(splits.size() - 1)).getReaderId();
    }

    private static List<SourceEvent> events(
            TestingSplitEnumeratorContext<PravegaSplit> context, int subtask) {
        return context.getSentEvents().getOrDefault(subtask, List.of());
    }

    /**
     * Runs what the enumerator's threads hand to the coordinator thread until the subtask got such
     * an event.
     */
    private static void awaitEvent(
            TestingSplitEnumeratorContext<PravegaSplit> context,
            int subtask,
            Predicate<SourceEvent> event)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events(context, subtask).stream().noneMatch(event)) {
            assertThat(System.nanoTime() - deadline)
                    .as("subtask %s received no such event", subtask)
                    .isNegative();
            context.triggerAllActions();
            Thread.sleep(5);
        }
    }

    /**
     * Waits, deaf to interrupts, until the test ends: a client call that retries an unreachable
     * Pravega.
     */
    private void hang() {
        boolean interrupted = false;
        while (true) {
            try {
                pravegaBack.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertWithinTenTimes(long startedNanos, Duration bound) {
        assertThat(Duration.ofNanos(System.nanoTime() - startedNanos))
                .isLessThan(bound.multipliedBy(10));
    }

    private static Predicate<SourceEvent> abortOf(long checkpointId) {
        return event ->
                event instanceof CheckpointAbortedEvent
                        && ((CheckpointAbortedEvent) event).getCheckpointId() == checkpointId;
    }

    @Test
    void startCreatesTheGroupAtTheStartCuts() {
        started(new TestingSplitEnumeratorContext<>(1));

        assertThat(pravega.calls)
                .startsWith(
                        "checkReaderGroupScope scope",
                        "checkExists scope/stream",
                        "open",
                        "createReaderGroup " + GROUP,
                        "getReaderGroup " + GROUP,
                        "rehearseClose " + GROUP);
        ReaderGroupConfig created = pravega.groups.get(GROUP);
        assertThat(created.getStartingStreamCuts()).containsExactly(Map.entry(STREAM, START));
        assertThat(created.getEndingStreamCuts())
                .containsExactly(Map.entry(STREAM, StreamCut.UNBOUNDED));
        assertThat(created.getAutomaticCheckpointIntervalMillis())
                .as("automatic checkpoints")
                .isNegative();
        assertThat(group.resets).isEmpty();
    }

    @Test
    void startResetsAGroupThatExistsToTheStartCuts() {
        pravega.groups.put(GROUP, ReaderGroupConfig.builder().stream(STREAM).build());

        started(new TestingSplitEnumeratorContext<>(1));

        assertThat(group.resets).hasSize(1);
        assertThat(group.resets.get(0).getStartingStreamCuts())
                .containsExactly(Map.entry(STREAM, START));
    }

    @Test
    void restoreResetsTheGroupAtTheCheckpoint() {
        pravega.groups.put(GROUP, ReaderGroupConfig.builder().stream(STREAM).build());
        Map<Segment, Long> positions = Map.of(new Segment("scope", "stream", 3), 77L);
        ReaderGroupEnumeratorState restored =
                new ReaderGroupEnumeratorState(
                        FakeReaderGroup.checkpoint("flink-5", positions),
                        Map.of(STREAM, StreamCut.UNBOUNDED));

        started(new TestingSplitEnumeratorContext<>(1), config(false, false), restored);

        assertThat(pravega.calls)
                .contains("fillCheckpointGaps")
                .doesNotContain("checkExists scope/stream");
        assertThat(group.resets).hasSize(1);
        assertThat(group.resets.get(0).getStartingStreamCuts())
                .containsExactly(Map.entry(STREAM, new StreamCutImpl(STREAM, positions)));
    }

    @Test
    void eachRegisteredReaderGetsOneSplitWithAReaderIdOfItsOwn() {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(2);
        ReaderGroupSplitEnumerator enumerator = started(context);

        String first = addReader(context, enumerator, 0);
        String second = addReader(context, enumerator, 1);

        assertThat(context.getSplitAssignments().get(0).getAssignedSplits())
                .containsExactly(new ReaderGroupSplit(0, first));
        assertThat(context.getSplitAssignments().get(1).getAssignedSplits())
                .containsExactly(new ReaderGroupSplit(1, second));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void readersStartReadingOnlyOnceAllOfThemAreOnline() throws Exception {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(2);
        ReaderGroupSplitEnumerator enumerator = started(context);
        String first = addReader(context, enumerator, 0);
        group.online.add(first);

        // Several answers of the group, each with one of two readers online.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (group.onlineReads.get() < 3) {
            assertThat(System.nanoTime() - deadline).isNegative();
            context.triggerAllActions();
            Thread.sleep(5);
        }
        context.triggerAllActions();
        assertThat(events(context, 0)).as("with a reader missing").isEmpty();

        String second = addReader(context, enumerator, 1);
        group.online.add(second);
        awaitEvent(context, 0, StartReadingEvent.class::isInstance);
        awaitEvent(context, 1, StartReadingEvent.class::isInstance);
    }

    @Test
    void snapshotStateTakesAReaderGroupCheckpointNamedForTheFlinkCheckpoint() throws Exception {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ReaderGroupSplitEnumerator enumerator = started(context);
        group.online.add(addReader(context, enumerator, 0));

        ReaderGroupEnumeratorState state = enumerator.snapshotState(7);

        assertThat(group.initiatedCheckpoints).hasSize(1);
        String name = group.initiatedCheckpoints.get(0);
        assertThat(CheckpointNames.checkpointId(name)).hasValue(7);
        assertThat(state.describe()).isEqualTo(name);
        assertThat(state.getPositions())
                .containsExactly(
                        Map.entry(STREAM, new StreamCutImpl(STREAM, FakeReaderGroup.POSITIONS)));
        assertThat(events(context, 0))
                .as("a waiting reader starts before the checkpoint")
                .anyMatch(StartReadingEvent.class::isInstance);
    }

    @Test
    void aFailedReaderGroupCheckpointFailsTheFlinkCheckpointAndTellsTheReaders() throws Exception {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(2);
        ReaderGroupSplitEnumerator enumerator = started(context);
        group.online.add(addReader(context, enumerator, 0));
        group.online.add(addReader(context, enumerator, 1));
        group.checkpoints = name -> CompletableFuture.failedFuture(new IllegalStateException("no"));

        assertThatThrownBy(() -> enumerator.snapshotState(4))
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("Flink checkpoint 4");

        assertThat(group.cancels).as("outstanding checkpoints cancelled").hasValue(1);
        awaitEvent(context, 0, abortOf(4));
        awaitEvent(context, 1, abortOf(4));
    }

    @Test
    void anAbortedFlinkCheckpointIsPassedOnToTheReaders() throws Exception {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ReaderGroupSplitEnumerator enumerator = started(context);
        group.online.add(addReader(context, enumerator, 0));
        enumerator.snapshotState(3);

        // Unknown to the enumerator: nothing to tell. Its notice would come before the other's.
        enumerator.notifyCheckpointAborted(99);
        enumerator.notifyCheckpointAborted(3);

        awaitEvent(context, 0, abortOf(3));
        assertThat(events(context, 0)).noneMatch(abortOf(99));
    }

    @Test
    void aReaderThatRestartsAloneRewindsTheGroupToTheLastCompletedCheckpoint() throws Exception {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ReaderGroupSplitEnumerator enumerator = started(context);
        String first = addReader(context, enumerator, 0);
        group.online.add(first);
        Map<Segment, Long> positions = Map.of(new Segment("scope", "stream", 0), 500L);
        group.checkpoints =
                name ->
                        CompletableFuture.completedFuture(
                                FakeReaderGroup.checkpoint(name, positions));
        enumerator.snapshotState(5);
        enumerator.notifyCheckpointComplete(5);

        enumerator.addSplitsBack(List.of(new ReaderGroupSplit(0, first)), 0);
        String second = addReader(context, enumerator, 0);

        assertThat(group.resets).hasSize(1);
        assertThat(group.resets.get(0).getStartingStreamCuts())
                .containsExactly(Map.entry(STREAM, new StreamCutImpl(STREAM, positions)));
        assertThat(second).as("a new Pravega reader").isNotEqualTo(first);
    }

    @Test
    void aReaderThatRestartsWithoutACompletedCheckpointRewindsToTheStart() {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ReaderGroupSplitEnumerator enumerator = started(context);
        addReader(context, enumerator, 0);

        addReader(context, enumerator, 0);

        assertThat(group.resets).hasSize(1);
        assertThat(group.resets.get(0).getStartingStreamCuts())
                .containsExactly(Map.entry(STREAM, START));
    }

    @Test
    void aReaderThatRestartsWhileOthersReadFailsTheJobGlobally() {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(2);
        ReaderGroupSplitEnumerator enumerator = started(context);
        addReader(context, enumerator, 0);
        addReader(context, enumerator, 1);

        assertThatThrownBy(() -> enumerator.addReader(0))
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("restarted while other readers kept running");
        assertThat(group.resets).isEmpty();
    }

    @Test
    void atLeastOnceStoresTheLastCompletedCheckpointWhenANewOneFails() throws Exception {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ReaderGroupSplitEnumerator enumerator = started(context, config(false, true), null);
        assertThat(group.initiatedCheckpoints).as("the start checkpoint").hasSize(1);
        String startCheckpoint = group.initiatedCheckpoints.get(0);
        assertThat(CheckpointNames.isRelease(startCheckpoint)).isTrue();
        group.online.add(addReader(context, enumerator, 0));
        group.checkpoints = name -> CompletableFuture.failedFuture(new IllegalStateException("no"));

        ReaderGroupEnumeratorState state = enumerator.snapshotState(8);

        assertThat(group.initiatedCheckpoints).hasSize(2);
        assertThat(CheckpointNames.checkpointId(group.initiatedCheckpoints.get(1))).hasValue(8);
        assertThat(state.describe()).isEqualTo(startCheckpoint);
    }

    @Test
    void closeDeletesAGeneratedGroupOnceMoreIfTheFirstAttemptFails() {
        started(new TestingSplitEnumeratorContext<>(1), config(true, false), null);
        pravega.failingDeletes = 1;

        enumerator.close();
        enumerator = null;

        assertThat(pravega.calls)
                .containsSubsequence(
                        "close",
                        "deleteReaderGroup " + GROUP,
                        "deleteReaderGroup " + GROUP + " last");
        assertThat(pravega.deleted).containsExactly(GROUP);
        assertThat(group.closes).as("the enumerator's reader group handle").hasPositiveValue();
    }

    @Test
    void closeKeepsAGroupTheUserNamed() {
        started(new TestingSplitEnumeratorContext<>(1), config(false, false), null);

        enumerator.close();
        enumerator = null;

        assertThat(pravega.closed).isTrue();
        assertThat(pravega.calls).noneMatch(call -> call.startsWith("deleteReaderGroup"));
    }

    @Test
    void closeAfterAStartThatFailedBeforeTheGroupExistedDeletesNothing() {
        pravega.tails.clear();
        enumerator =
                new ReaderGroupSplitEnumerator(
                        new TestingSplitEnumeratorContext<>(1), config(true, false), null, pravega);

        assertThatThrownBy(enumerator::start).hasMessageContaining("does not exist");
        enumerator.close();
        enumerator = null;

        assertThat(pravega.closed).isTrue();
        assertThat(pravega.calls).noneMatch(call -> call.startsWith("deleteReaderGroup"));
    }

    @Test
    void aCheckpointFailsByItsDeadlineWhileTheOnlineReadersCannotBeRead() throws Exception {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ReaderGroupSplitEnumerator enumerator = started(context, config(false, false, SHORT), null);
        group.online.add(addReader(context, enumerator, 0));
        group.beforeOnlineRead = this::hang;

        for (long checkpointId = 6; checkpointId <= 7; checkpointId++) {
            long checkpoint = checkpointId;
            long started = System.nanoTime();
            // The second one finds the client thread still held by the first one's call.
            assertThatThrownBy(() -> enumerator.snapshotState(checkpoint))
                    .isInstanceOf(FlinkRuntimeException.class)
                    .hasMessageContaining("Flink checkpoint " + checkpoint)
                    .hasMessageContaining("online readers")
                    .hasMessageContaining(CONTROLLER);
            assertWithinTenTimes(started, SHORT);
        }
        assertThat(group.initiatedCheckpoints).isEmpty();

        pravegaBack.countDown();
        assertThat(enumerator.snapshotState(8).describe())
                .as("once Pravega answers again")
                .isEqualTo(group.initiatedCheckpoints.get(0));
    }

    @Test
    void aCheckpointFailsByItsDeadlineWhileItsStartHangsAndIsCancelledAfterIt() throws Exception {
        TestingSplitEnumeratorContext<PravegaSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ReaderGroupSplitEnumerator enumerator = started(context, config(false, false, SHORT), null);
        group.online.add(addReader(context, enumerator, 0));
        group.checkpoints =
                name -> {
                    hang();
                    return CompletableFuture.completedFuture(
                            FakeReaderGroup.checkpoint(name, FakeReaderGroup.POSITIONS));
                };

        long started = System.nanoTime();
        assertThatThrownBy(() -> enumerator.snapshotState(4))
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("Flink checkpoint 4")
                .hasMessageContaining("starting checkpoint")
                .hasMessageContaining(CONTROLLER);
        assertWithinTenTimes(started, SHORT);
        awaitEvent(context, 0, abortOf(4));
        assertThat(group.cancels).as("not before the start returned").hasValue(0);

        pravegaBack.countDown();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (group.cancels.get() == 0) {
            assertThat(System.nanoTime() - deadline).as("cancelled after the start").isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void startFailsWithinItsBoundWhenCreatingTheGroupHangs() {
        pravega.beforeCreate = this::hang;
        enumerator =
                new ReaderGroupSplitEnumerator(
                        new TestingSplitEnumeratorContext<>(1),
                        config(false, false),
                        null,
                        pravega,
                        SHORT);

        long started = System.nanoTime();
        assertThatThrownBy(enumerator::start)
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("creating reader group " + GROUP)
                .hasMessageContaining(CONTROLLER);
        assertWithinTenTimes(started, SHORT);
        assertThat(pravega.calls).noneMatch(call -> call.startsWith("getReaderGroup"));
    }
}
