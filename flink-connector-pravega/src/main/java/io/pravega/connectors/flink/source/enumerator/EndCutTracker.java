package io.pravega.connectors.flink.source.enumerator;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import org.apache.flink.annotation.Internal;

import java.util.Map;

/** Whether the reader group's positions have reached every stream's end cut. */
@Internal
final class EndCutTracker {

    private EndCutTracker() {}

    /** True when every segment of every end cut has been read up to its end offset. */
    static boolean reachedEnd(Map<Stream, StreamCut> endCuts, Map<Stream, StreamCut> positions) {
        for (Map.Entry<Stream, StreamCut> end : endCuts.entrySet()) {
            if (StreamCut.UNBOUNDED.equals(end.getValue())) {
                return false;
            }
            StreamCut position = positions.get(end.getKey());
            if (position == null || StreamCut.UNBOUNDED.equals(position)) {
                return false;
            }
            Map<Segment, Long> read = position.asImpl().getPositions();
            for (Map.Entry<Segment, Long> segmentEnd : end.getValue().asImpl().getPositions().entrySet()) {
                Long offset = read.get(segmentEnd.getKey());
                if (offset == null || offset < segmentEnd.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }
}
