/*
 * Copyright (c) The flink-connector-pravega Authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.pravega.connectors.flink.source.split;

import io.pravega.client.batch.SegmentRange;
import io.pravega.client.batch.impl.SegmentRangeImpl;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.shared.NameUtils;

import org.apache.flink.annotation.Internal;

import java.util.Objects;

/**
 * The bytes {@code [startOffset, endOffset)} of one segment, read by one reader subtask with the
 * batch client. The start offset moves forward as events are read, so a split in a checkpoint says
 * where reading resumes; a split whose start reached its end is finished.
 */
@Internal
public final class SegmentSplit extends PravegaSplit {

    private final String scope;
    private final String streamName;
    private final long segmentId;
    private final long startOffset;
    private final long endOffset;

    public SegmentSplit(
            String scope, String streamName, long segmentId, long startOffset, long endOffset) {
        if (startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException(
                    "Invalid offsets ["
                            + startOffset
                            + ", "
                            + endOffset
                            + ") of segment "
                            + segmentId
                            + " of "
                            + scope
                            + "/"
                            + streamName);
        }
        this.scope = Objects.requireNonNull(scope, "scope");
        this.streamName = Objects.requireNonNull(streamName, "streamName");
        this.segmentId = segmentId;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
    }

    public static SegmentSplit of(SegmentRange range) {
        return new SegmentSplit(
                range.getScope(),
                range.getStreamName(),
                range.getSegmentId(),
                range.getStartOffset(),
                range.getEndOffset());
    }

    public Stream getStream() {
        return Stream.of(scope, streamName);
    }

    public Segment getSegment() {
        return new Segment(scope, streamName, segmentId);
    }

    public long getSegmentId() {
        return segmentId;
    }

    /** The stream epoch that created the segment: a segment's predecessors have lower epochs. */
    public int getEpoch() {
        return NameUtils.getEpoch(segmentId);
    }

    public long getStartOffset() {
        return startOffset;
    }

    public long getEndOffset() {
        return endOffset;
    }

    public boolean isFinished() {
        return startOffset >= endOffset;
    }

    /** The same segment range, to be read from {@code offset} on. */
    public SegmentSplit withStartOffset(long offset) {
        return new SegmentSplit(scope, streamName, segmentId, offset, endOffset);
    }

    public SegmentRange toSegmentRange() {
        return SegmentRangeImpl.builder()
                .segment(getSegment())
                .startOffset(startOffset)
                .endOffset(endOffset)
                .build();
    }

    @Override
    public String splitId() {
        return scope + "/" + streamName + "/" + segmentId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SegmentSplit)) {
            return false;
        }
        SegmentSplit that = (SegmentSplit) o;
        return segmentId == that.segmentId
                && startOffset == that.startOffset
                && endOffset == that.endOffset
                && scope.equals(that.scope)
                && streamName.equals(that.streamName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, streamName, segmentId, startOffset, endOffset);
    }

    @Override
    public String toString() {
        return "SegmentSplit{" + splitId() + " [" + startOffset + ", " + endOffset + ")}";
    }
}
