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
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.StreamRange;
import io.pravega.connectors.flink.source.enumerator.PravegaAccess;
import io.pravega.connectors.flink.source.enumerator.PravegaClientAccess;
import io.pravega.connectors.flink.source.enumerator.PravegaEnumeratorState;
import io.pravega.connectors.flink.source.event.ReaderStartFailedEvent;
import io.pravega.connectors.flink.source.event.SegmentsFinishedEvent;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.SegmentSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Enumerator of a bounded read. At job start it resolves each stream's end (the given cut, or the
 * tail as of now) and lists the segment ranges between start and end with Pravega's batch client;
 * it then hands them to readers as they become readable (see {@link SegmentAssignments}). No reader
 * group is involved, so checkpoints are plain Flink ones and a finished reader needs nothing from
 * Pravega.
 */
@Internal
public final class SegmentSplitEnumerator
        implements SplitEnumerator<PravegaSplit, PravegaEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentSplitEnumerator.class);
    private static final long DRAIN_CHECK_MILLIS = 100;

    private final SplitEnumeratorContext<PravegaSplit> context;
    private final PravegaSourceConfig config;
    @Nullable private final SegmentEnumeratorState restoredState;

    /** Readers told that no split will come; a reader that registers again is asked anew. */
    private final Set<Integer> toldNoMoreSplits = new HashSet<>();

    /**
     * Subtasks that registered in this enumerator's lifetime: a second registration is a restart.
     */
    private final Set<Integer> registeredBefore = new HashSet<>();

    /**
     * Per subtask, the latest enumerator snapshot taken before its latest finished report arrived.
     */
    private final Map<Integer, Long> lastFinishedReportAfterSnapshot = new HashMap<>();

    private long lastSnapshot = -1;
    private long lastCompletedCheckpoint = -1;

    /** Whether the job checkpoints: known once it took or restored a checkpoint. */
    private boolean checkpointing;

    private SegmentAssignments assignments;
    private final PravegaAccess pravega;

    public SegmentSplitEnumerator(
            SplitEnumeratorContext<PravegaSplit> context,
            PravegaSourceConfig config,
            @Nullable SegmentEnumeratorState restoredState) {
        this(
                context,
                config,
                restoredState,
                new PravegaClientAccess(config.getPravegaConfig(), config.getReaderGroupScope()));
    }

    /** With the given access to Pravega, which this enumerator closes. */
    SegmentSplitEnumerator(
            SplitEnumeratorContext<PravegaSplit> context,
            PravegaSourceConfig config,
            @Nullable SegmentEnumeratorState restoredState,
            PravegaAccess pravega) {
        this.context = context;
        this.config = config;
        this.restoredState = restoredState;
        this.checkpointing = restoredState != null;
        this.pravega = pravega;
    }

    @Override
    public void start() {
        if (restoredState != null) {
            assignments =
                    new SegmentAssignments(
                            restoredState.getUnassigned(), restoredState.getAssigned());
            LOG.info("Bounded read of {} restored: {}", config.getStreams(), restoredState);
        } else {
            List<SegmentSplit> splits = listSegmentRanges();
            assignments = new SegmentAssignments(splits, List.of());
            LOG.info("Bounded read of {}: {} segment ranges", config.getStreams(), splits.size());
        }
        context.callAsync(
                System::nanoTime,
                (now, error) -> finishOverdueDraining(now),
                DRAIN_CHECK_MILLIS,
                DRAIN_CHECK_MILLIS);
    }

    private List<SegmentSplit> listSegmentRanges() {
        List<SegmentSplit> splits = new ArrayList<>();
        for (StreamRange range : config.getStreams()) {
            Stream stream = range.getStream();
            // Tails are taken now, at job start: they bound the read, or start it.
            StreamCut tail =
                    range.isBounded() && !config.isStartAtTail()
                            ? null
                            : pravega.checkExistsAndGetTail(stream);
            if (tail == null) {
                pravega.checkExists(stream);
            }
            StreamCut start = config.isStartAtTail() ? tail : range.getStart();
            StreamCut end = range.isBounded() ? range.getEnd() : tail;
            for (SegmentRange segmentRange : pravega.segmentRanges(stream, start, end)) {
                SegmentSplit split = SegmentSplit.of(segmentRange);
                if (!split.isFinished()) {
                    splits.add(split);
                }
            }
        }
        return splits;
    }

    @Override
    public void addReader(int subtaskId) {
        if (!registeredBefore.add(subtaskId)) {
            failGloballyIfFinishedSplitsWouldBeReadAgain(subtaskId);
        }
        toldNoMoreSplits.remove(subtaskId);
        assignReadableSplits();
    }

    /**
     * A reader that restarts alone (a regional failover) resumes from the last checkpoint, while
     * this enumerator keeps its state. If the reader reported a split finished after its snapshot
     * for that checkpoint, it now reads the split's tail again, yet the successors are already
     * handed out: per-key order would break. Only a global failover, which restores this enumerator
     * from the same checkpoint, is consistent. A report that arrived before the snapshot of the
     * last completed checkpoint is in every checkpoint a restore can use.
     */
    private void failGloballyIfFinishedSplitsWouldBeReadAgain(int subtaskId) {
        Long reportedAfter = lastFinishedReportAfterSnapshot.remove(subtaskId);
        if (reportedAfter != null && reportedAfter >= lastCompletedCheckpoint) {
            throw new FlinkRuntimeException(
                    "Reader subtask "
                            + subtaskId
                            + " of a bounded Pravega read restarted "
                            + "after it finished segments that its restored state has not "
                            + "finished; all readers restart "
                            + "from the last checkpoint so that events of each routing key stay in "
                            + "order.");
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // Splits are pushed as they become readable.
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        if (sourceEvent instanceof ReaderStartFailedEvent) {
            throw ((ReaderStartFailedEvent) sourceEvent).failure(subtaskId);
        }
        if (sourceEvent instanceof SegmentsFinishedEvent) {
            lastFinishedReportAfterSnapshot.put(subtaskId, lastSnapshot);
            List<String> finished = ((SegmentsFinishedEvent) sourceEvent).getSplitIds();
            if (checkpointing) {
                // The reader sent this after emitting the splits' last events, which may still be
                // in its output buffers: their successors wait for the next checkpoint's barriers.
                assignments.finishedButDraining(finished, System.nanoTime());
            } else {
                assignments.finished(finished);
            }
            assignReadableSplits();
        }
    }

    @Override
    public void addSplitsBack(List<PravegaSplit> splits, int subtaskId) {
        List<SegmentSplit> returned = new ArrayList<>();
        for (PravegaSplit split : splits) {
            returned.add((SegmentSplit) split);
        }
        LOG.info("Reader subtask {} failed; its splits {} are read again", subtaskId, returned);
        assignments.returned(returned);
        assignReadableSplits();
    }

    /**
     * Spreads readable splits over the readers with the least work, then ends readers if none are
     * left.
     */
    private void assignReadableSplits() {
        Set<Integer> readers = new TreeSet<>(context.registeredReaders().keySet());
        readers.removeAll(toldNoMoreSplits);
        if (readers.isEmpty()) {
            return;
        }
        Map<Integer, List<PravegaSplit>> batch = new HashMap<>();
        for (SegmentSplit split : assignments.takeReadable()) {
            int reader = leastLoaded(readers);
            assignments.assign(split, reader);
            batch.computeIfAbsent(reader, r -> new ArrayList<>()).add(split);
        }
        if (!batch.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(batch));
        }
        if (assignments.allAssigned()) {
            for (int reader : readers) {
                context.signalNoMoreSplits(reader);
                toldNoMoreSplits.add(reader);
            }
        }
    }

    private int leastLoaded(Set<Integer> readers) {
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        for (int reader : readers) {
            int load = assignments.load(reader);
            if (load < bestLoad) {
                best = reader;
                bestLoad = load;
            }
        }
        return best;
    }

    @Override
    public SegmentEnumeratorState snapshotState(long checkpointId) {
        lastSnapshot = checkpointId;
        checkpointing = true;
        assignments.checkpointTaken(checkpointId);
        return assignments.snapshot();
    }

    /**
     * Hands out the successors of splits finished before this checkpoint. Its barriers left each
     * reader after the splits' last events, and, aligned (Flink's default), no operator takes an
     * event after a barrier before every event before it: a successor read from now on, by any
     * reader, cannot overtake its predecessor's events.
     */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        lastCompletedCheckpoint = Math.max(lastCompletedCheckpoint, checkpointId);
        if (assignments.checkpointCompleted(checkpointId)) {
            assignReadableSplits();
        }
    }

    /**
     * With checkpoints rarer than the segment release interval, successors wait that long at most
     * (as an unbounded read's do): the order then holds as far as Flink's channels deliver in
     * order, which buffers flushed long before nearly always do.
     */
    private void finishOverdueDraining(long now) {
        if (assignments.endDrainingOlderThan(now, config.getSegmentReleaseInterval().toNanos())) {
            assignReadableSplits();
        }
    }

    @Override
    public void close() {
        // Holds no Pravega clients between calls; closed all the same, as its owner.
        pravega.close();
    }
}
