package io.pravega.connectors.flink.source.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.List;

/** Segment path: a reader emitted every event of these segment splits: their successors may be read now. */
@Internal
public final class SegmentsFinishedEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    private final List<String> splitIds;

    public SegmentsFinishedEvent(List<String> splitIds) {
        this.splitIds = List.copyOf(splitIds);
    }

    public List<String> getSplitIds() {
        return splitIds;
    }
}
