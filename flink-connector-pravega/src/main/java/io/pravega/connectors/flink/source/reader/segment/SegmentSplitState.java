package io.pravega.connectors.flink.source.reader.segment;

import io.pravega.connectors.flink.source.split.SegmentSplit;

import org.apache.flink.annotation.Internal;

/** A segment split being read: the offset after the last event emitted. */
@Internal
final class SegmentSplitState {

    private final SegmentSplit split;
    private long offset;

    SegmentSplitState(SegmentSplit split) {
        this.split = split;
        this.offset = split.getStartOffset();
    }

    void advanceTo(long nextOffset) {
        offset = nextOffset;
    }

    SegmentSplit toSplit() {
        return split.withStartOffset(offset);
    }

    SegmentSplit toFinishedSplit() {
        return split.withStartOffset(split.getEndOffset());
    }
}
