package io.pravega.connectors.flink.source.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader-group path: tells readers that a Flink checkpoint failed at the enumerator, so that they never hold a
 * barrier for it if Pravega's checkpoint event still reaches them.
 */
@Internal
public final class CheckpointAbortedEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    private final long checkpointId;

    public CheckpointAbortedEvent(long checkpointId) {
        this.checkpointId = checkpointId;
    }

    public long getCheckpointId() {
        return checkpointId;
    }

    @Override
    public String toString() {
        return "CheckpointAbortedEvent{" + checkpointId + '}';
    }
}
