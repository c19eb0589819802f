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

import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.source.split.SegmentSplit;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which segment splits of a bounded read are unassigned, and which are assigned to which reader and
 * not finished yet.
 *
 * <p>A segment is read only once every unfinished segment of its stream created in an earlier epoch
 * is finished. A segment's predecessors are all from earlier epochs, so the events of a routing key
 * come out in order even across scaling. (Pravega's batch client does not give key ranges, so
 * unrelated segments of earlier epochs wait too: correct, slightly less parallel.)
 */
@Internal
final class SegmentAssignments {

    /** Owner of assigned splits restored from a checkpoint: their readers restore them. */
    static final int UNKNOWN_OWNER = -1;

    private final List<SegmentSplit> unassigned;
    private final Map<String, SegmentSplit> assigned = new LinkedHashMap<>();
    private final Map<String, Integer> owners = new HashMap<>();

    /**
     * Finished splits whose last events may still be on their way downstream: their successors
     * wait, so that another reader's events of the same keys cannot overtake them.
     */
    private final Map<String, Draining> draining = new LinkedHashMap<>();

    SegmentAssignments(Collection<SegmentSplit> unassigned, Collection<SegmentSplit> assigned) {
        this.unassigned = new ArrayList<>(unassigned);
        for (SegmentSplit split : assigned) {
            this.assigned.put(split.splitId(), split);
            this.owners.put(split.splitId(), UNKNOWN_OWNER);
        }
    }

    /** Removes and returns the unassigned splits that may be read now. */
    List<SegmentSplit> takeReadable() {
        Map<Stream, Integer> earliestEpoch = new HashMap<>();
        for (SegmentSplit split : unassigned) {
            earliestEpoch.merge(split.getStream(), split.getEpoch(), Math::min);
        }
        for (SegmentSplit split : assigned.values()) {
            earliestEpoch.merge(split.getStream(), split.getEpoch(), Math::min);
        }
        for (Draining drain : draining.values()) {
            earliestEpoch.merge(drain.split.getStream(), drain.split.getEpoch(), Math::min);
        }
        List<SegmentSplit> readable = new ArrayList<>();
        for (Iterator<SegmentSplit> it = unassigned.iterator(); it.hasNext(); ) {
            SegmentSplit split = it.next();
            if (split.getEpoch() <= earliestEpoch.get(split.getStream())) {
                readable.add(split);
                it.remove();
            }
        }
        return readable;
    }

    void assign(SegmentSplit split, int subtask) {
        assigned.put(split.splitId(), split);
        owners.put(split.splitId(), subtask);
    }

    /** Splits that their reader finished: their successors may be read now. */
    void finished(Collection<String> splitIds) {
        for (String splitId : splitIds) {
            assigned.remove(splitId);
            owners.remove(splitId);
        }
    }

    /**
     * Splits that their reader finished at {@code nowNanos}, whose successors wait until a
     * checkpoint taken after now completes ({@link #checkpointCompleted}), or until they drained
     * for long enough ({@link #endDrainingOlderThan}).
     */
    void finishedButDraining(Collection<String> splitIds, long nowNanos) {
        for (String splitId : splitIds) {
            SegmentSplit split = assigned.remove(splitId);
            owners.remove(splitId);
            if (split != null) {
                draining.put(splitId, new Draining(split, nowNanos));
            }
        }
    }

    /**
     * A checkpoint's snapshot is taken: its barriers will follow the last events of every split
     * draining now.
     */
    void checkpointTaken(long checkpointId) {
        for (Draining drain : draining.values()) {
            if (drain.barrierCheckpoint == NO_CHECKPOINT) {
                drain.barrierCheckpoint = checkpointId;
            }
        }
    }

    /**
     * Ends the draining of the splits whose barriers this checkpoint's completion proves passed;
     * whether any.
     */
    boolean checkpointCompleted(long checkpointId) {
        return draining.values().removeIf(drain -> drain.barrierCheckpoint <= checkpointId);
    }

    /** Ends the draining of the splits that drained for {@code maxNanos} or longer; whether any. */
    boolean endDrainingOlderThan(long nowNanos, long maxNanos) {
        return draining.values().removeIf(drain -> nowNanos - drain.sinceNanos >= maxNanos);
    }

    /** Splits of a failed reader come back: they are read again from where they were assigned. */
    void returned(Collection<SegmentSplit> splits) {
        for (SegmentSplit split : splits) {
            assigned.remove(split.splitId());
            owners.remove(split.splitId());
            draining.remove(split.splitId());
            unassigned.removeIf(other -> other.splitId().equals(split.splitId()));
            unassigned.add(split);
        }
    }

    /** How many unfinished splits a reader has. */
    int load(int subtask) {
        int load = 0;
        for (int owner : owners.values()) {
            if (owner == subtask) {
                load++;
            }
        }
        return load;
    }

    boolean allAssigned() {
        return unassigned.isEmpty();
    }

    SegmentEnumeratorState snapshot() {
        return new SegmentEnumeratorState(unassigned, new ArrayList<>(assigned.values()));
    }

    private static final long NO_CHECKPOINT = Long.MAX_VALUE;

    /** A draining split: when it finished, and the first checkpoint taken since. */
    private static final class Draining {
        final SegmentSplit split;
        final long sinceNanos;
        long barrierCheckpoint = NO_CHECKPOINT;

        Draining(SegmentSplit split, long sinceNanos) {
            this.split = split;
            this.sinceNanos = sinceNanos;
        }
    }
}
