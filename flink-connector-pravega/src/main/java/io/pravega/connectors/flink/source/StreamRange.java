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
package io.pravega.connectors.flink.source;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.Objects;

/**
 * A stream and the part of it to read: from {@code start} to {@code end}, each may be unbounded.
 */
@Internal
public final class StreamRange implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String scope;
    private final String streamName;
    private final StreamCut start;
    private final StreamCut end;

    public StreamRange(Stream stream, StreamCut start, StreamCut end) {
        this.scope = stream.getScope();
        this.streamName = stream.getStreamName();
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
    }

    public Stream getStream() {
        return Stream.of(scope, streamName);
    }

    public StreamCut getStart() {
        return start;
    }

    public StreamCut getEnd() {
        return end;
    }

    public boolean isBounded() {
        return !StreamCut.UNBOUNDED.equals(end);
    }

    public StreamRange withEnd(StreamCut newEnd) {
        return new StreamRange(getStream(), start, newEnd);
    }

    @Override
    public String toString() {
        return scope + "/" + streamName + (isBounded() ? " (bounded)" : "");
    }
}
