package io.pravega.connectors.flink.source.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader-group path: tells a reader that joined the reader group to start reading: every other reader of the job
 * is in the group too (or waited long enough), so each takes its fair share of the segments.
 */
@Internal
public final class StartReadingEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return "StartReadingEvent";
    }
}
