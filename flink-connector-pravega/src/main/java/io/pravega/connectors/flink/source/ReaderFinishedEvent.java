package io.pravega.connectors.flink.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/** A reader read to its end cuts and left the group; checkpoints no longer wait for it. */
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
