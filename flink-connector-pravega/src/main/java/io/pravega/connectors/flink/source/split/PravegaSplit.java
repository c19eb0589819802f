package io.pravega.connectors.flink.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Objects;

/**
 * The right of one reader subtask to join the reader group as one Pravega reader. Pravega, not
 * Flink, assigns segments to readers, so a split carries no positions: all positions live in
 * the reader group's checkpoint, which is the enumerator's state.
 */
@Internal
public final class PravegaSplit implements SourceSplit {

    private final int subtaskIndex;
    private final String readerId;

    public PravegaSplit(int subtaskIndex, String readerId) {
        this.subtaskIndex = subtaskIndex;
        this.readerId = Objects.requireNonNull(readerId, "readerId");
    }

    public int getSubtaskIndex() {
        return subtaskIndex;
    }

    /** The Pravega reader id; unique per reader attempt. */
    public String getReaderId() {
        return readerId;
    }

    @Override
    public String splitId() {
        return readerId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaSplit)) {
            return false;
        }
        PravegaSplit that = (PravegaSplit) o;
        return subtaskIndex == that.subtaskIndex && readerId.equals(that.readerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subtaskIndex, readerId);
    }

    @Override
    public String toString() {
        return "PravegaSplit{subtask=" + subtaskIndex + ", readerId=" + readerId + '}';
    }
}
