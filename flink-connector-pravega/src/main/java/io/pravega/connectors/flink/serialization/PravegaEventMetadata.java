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
package io.pravega.connectors.flink.serialization;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.EventPointer;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.Stream;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.Objects;

/**
 * Where an event was read from: its stream, its {@link EventPointer}, and the id of its segment and
 * its offset there.
 */
@PublicEvolving
public final class PravegaEventMetadata {

    /** Marks a segment id or offset that the read path does not know. */
    public static final long UNKNOWN = -1L;

    private final Stream stream;
    @Nullable private final EventPointer eventPointer;
    private final long segmentId;
    private final long offset;

    /**
     * @param eventPointer the event's pointer, if the read path has one
     * @param segmentId the segment id, or {@link #UNKNOWN}
     * @param offset the event's offset in its segment, or {@link #UNKNOWN}
     */
    public PravegaEventMetadata(
            Stream stream, @Nullable EventPointer eventPointer, long segmentId, long offset) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.eventPointer = eventPointer;
        this.segmentId = segmentId;
        this.offset = offset;
    }

    /** Metadata of an event read by an {@code EventStreamReader}. */
    public static PravegaEventMetadata of(EventRead<?> eventRead) {
        return of(eventRead.getEventPointer());
    }

    /**
     * Metadata of the event a pointer points to. Pravega keeps the pointer's segment and offset
     * private, but its text form, {@code scope/stream/segment:offset-length}, is stable.
     */
    public static PravegaEventMetadata of(EventPointer pointer) {
        String text = pointer.toString();
        int colon = text.lastIndexOf(':');
        int dash = text.lastIndexOf('-');
        long segmentId = UNKNOWN;
        long offset = UNKNOWN;
        if (colon > 0 && dash > colon) {
            segmentId = Segment.fromScopedName(text.substring(0, colon)).getSegmentId();
            offset = Long.parseLong(text.substring(colon + 1, dash));
        }
        return new PravegaEventMetadata(pointer.getStream(), pointer, segmentId, offset);
    }

    /** The stream the event was read from. */
    public Stream getStream() {
        return stream;
    }

    /** The pointer that re-reads this event with {@code EventStreamReader#fetchEvent}, if known. */
    @Nullable
    public EventPointer getEventPointer() {
        return eventPointer;
    }

    /** The segment id, or {@link #UNKNOWN}. */
    public long getSegmentId() {
        return segmentId;
    }

    /** The event's offset in its segment, or {@link #UNKNOWN}. */
    public long getOffset() {
        return offset;
    }

    @Override
    public String toString() {
        return "PravegaEventMetadata{stream="
                + stream.getScopedName()
                + ", eventPointer="
                + eventPointer
                + ", segmentId="
                + segmentId
                + ", offset="
                + offset
                + '}';
    }
}
