package io.pravega.connectors.flink.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/** The enumerator found the job cannot work as configured; the reader fails its task with this message. */
@Internal
public final class ReaderFailureEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    private final String message;

    public ReaderFailureEvent(String message) {
        this.message = message;
    }

    public String getMessage() {
        return message;
    }
}
