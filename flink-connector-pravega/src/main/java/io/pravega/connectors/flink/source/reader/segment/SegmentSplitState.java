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
