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

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.EventPointer;
import io.pravega.client.stream.impl.EventPointerImpl;
import io.pravega.connectors.flink.serialization.PravegaEventMetadata;
import io.pravega.connectors.flink.source.reader.EventOrigin;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/**
 * One event read from a segment range: its bytes, where it starts, and where the next one starts.
 */
@Internal
final class SegmentEvent implements EventOrigin {

    private final ByteBuffer bytes;
    private final Segment segment;
    private final long offset;
    private final long nextOffset;

    SegmentEvent(ByteBuffer bytes, Segment segment, long offset, long nextOffset) {
        this.bytes = bytes;
        this.segment = segment;
        this.offset = offset;
        this.nextOffset = nextOffset;
    }

    long nextOffset() {
        return nextOffset;
    }

    @Override
    public ByteBuffer bytes() {
        return bytes;
    }

    @Override
    public PravegaEventMetadata metadata() {
        // The offsets span the event with its header, as in pointers from an EventStreamReader;
        // Pravega offers no public constructor, but parses its own text form.
        EventPointer pointer =
                EventPointerImpl.fromString(
                        segment.getScopedName() + ":" + offset + "-" + (nextOffset - offset));
        return new PravegaEventMetadata(
                segment.getStream(), pointer, segment.getSegmentId(), offset);
    }

    @Override
    public String describePosition() {
        return "segment " + segment.getScopedName() + ", offset " + offset;
    }
}
