package io.pravega.connectors.flink.source.reader;

import io.pravega.client.stream.EventPointer;
import io.pravega.connectors.flink.serialization.PravegaEventMetadata;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/** What the fetcher hands to the task thread. */
@Internal
final class FetchedElements {

    private FetchedElements() {}

    /** An event's bytes and where it was read. */
    static final class Event implements EventOrigin {
        final ByteBuffer bytes;
        final EventPointer pointer;

        Event(ByteBuffer bytes, EventPointer pointer) {
            this.bytes = bytes;
            this.pointer = pointer;
        }

        @Override
        public ByteBuffer bytes() {
            return bytes;
        }

        @Override
        public PravegaEventMetadata metadata() {
            return PravegaEventMetadata.of(pointer);
        }

        @Override
        public String describePosition() {
            return pointer.toString();
        }
    }

    /** Pravega's checkpoint event: everything before it belongs to this checkpoint. */
    static final class CheckpointMarker {
        final long checkpointId;

        CheckpointMarker(long checkpointId) {
            this.checkpointId = checkpointId;
        }
    }

    /** The reader group has read everything: its streams are sealed. */
    static final Object END_OF_INPUT = new Object() {
        @Override
        public String toString() {
            return "END_OF_INPUT";
        }
    };
}
