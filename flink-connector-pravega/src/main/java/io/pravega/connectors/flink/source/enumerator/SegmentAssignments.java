package io.pravega.connectors.flink.source.enumerator;

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
 * Which segment splits of a bounded read are unassigned, and which are assigned to which reader
 * and not finished yet.
 *
 * <p>A segment is read only once every unfinished segment of its stream created in an earlier
 * epoch is finished. A segment's predecessors are all from earlier epochs, so the events of a
 * routing key come out in order even across scaling. (Pravega's batch client does not give key
 * ranges, so unrelated segments of earlier epochs wait too: correct, slightly less parallel.)
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
    private final Map<String, SegmentSplit> draining = new LinkedHashMap<>();

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
        for (SegmentSplit split : draining.values()) {
            earliestEpoch.merge(split.getStream(), split.getEpoch(), Math::min);
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
            draining.remove(splitId);
        }
    }

    /**
     * Splits that their reader finished, whose successors wait for {@link #finished} (after a
     * checkpoint barrier that follows their last events).
     */
    void finishedButDraining(Collection<String> splitIds) {
        for (String splitId : splitIds) {
            SegmentSplit split = assigned.remove(splitId);
            owners.remove(splitId);
            if (split != null) {
                draining.put(splitId, split);
            }
        }
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
}
