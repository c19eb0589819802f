package io.pravega.connectors.flink.source.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader-group path: a reader read every stream of its group to the end (they were sealed);
 * checkpoints no longer wait for it.
 */
@Internal
public final class ReaderFinishedEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    private final String readerId;

    public ReaderFinishedEvent(String readerId) {
        this.readerId = readerId;
    }

    public String getReaderId() {
        return readerId;
    }
}
