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
package io.pravega.connectors.flink.source.reader.readergroup;

import io.pravega.client.stream.EventPointer;
import io.pravega.connectors.flink.serialization.PravegaEventMetadata;
import io.pravega.connectors.flink.source.reader.EventOrigin;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

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

        /**
         * "segment s, offset o" as for bounded reads. A pointer's text is {@code
         * segment:offset-length} (the form {@code EventPointerImpl.fromString} parses); any other
         * text is shown as it is.
         */
        @Override
        public String describePosition() {
            String text = pointer.toString();
            int colon = text.lastIndexOf(':');
            int dash = text.lastIndexOf('-');
            if (colon < 0 || dash < colon) {
                return "event pointer " + text;
            }
            return "segment "
                    + text.substring(0, colon)
                    + ", offset "
                    + text.substring(colon + 1, dash)
                    + " (event pointer "
                    + text
                    + ")";
        }
    }

    /**
     * A reader-group checkpoint's event, in order with the events. The task thread completes {@link
     * #emitted} when it gets there, i.e. once it emitted everything read before it; an
     * at-least-once fetcher waits for that before it reads on (and so before the checkpoint can
     * complete).
     */
    abstract static class CheckpointMarker {
        final CompletableFuture<Void> emitted = new CompletableFuture<>();
    }

    /** The event of the reader-group checkpoint of Flink checkpoint {@link #checkpointId}. */
    static final class FlinkCheckpointMarker extends CheckpointMarker {
        final long checkpointId;

        FlinkCheckpointMarker(long checkpointId) {
            this.checkpointId = checkpointId;
        }
    }

    /**
     * The event of a release checkpoint, which only lets the reader hand back finished segments.
     */
    static final class ReleaseMarker extends CheckpointMarker {
        final String checkpointName;

        ReleaseMarker(String checkpointName) {
            this.checkpointName = checkpointName;
        }
    }

    /** A watermark from the streams' time windows, in order with the events read before it. */
    static final class WatermarkMarker {
        final long timestamp;

        WatermarkMarker(long timestamp) {
            this.timestamp = timestamp;
        }
    }

    /** The reader group has read everything: its streams are sealed. */
    static final Object END_OF_INPUT =
            new Object() {
                @Override
                public String toString() {
                    return "END_OF_INPUT";
                }
            };
}
