package io.pravega.connectors.flink.source.split;

import org.apache.flink.annotation.Internal;

import java.util.Objects;

/**
 * The right of one reader subtask to join the reader group as one Pravega reader. Pravega, not
 * Flink, assigns segments to readers, so a split carries no positions: all positions live in
 * the reader group's checkpoint, which is the enumerator's state.
 */
@Internal
public final class ReaderGroupSplit extends PravegaSplit {

    private final int subtaskIndex;
    private final String readerId;

    public ReaderGroupSplit(int subtaskIndex, String readerId) {
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
        if (!(o instanceof ReaderGroupSplit)) {
            return false;
        }
        ReaderGroupSplit that = (ReaderGroupSplit) o;
        return subtaskIndex == that.subtaskIndex && readerId.equals(that.readerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subtaskIndex, readerId);
    }

    @Override
    public String toString() {
        return "ReaderGroupSplit{subtask=" + subtaskIndex + ", readerId=" + readerId + '}';
    }
}
