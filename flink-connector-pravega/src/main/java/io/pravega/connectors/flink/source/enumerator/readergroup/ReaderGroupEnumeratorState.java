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
package io.pravega.connectors.flink.source.enumerator.readergroup;

import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.connectors.flink.source.enumerator.PravegaEnumeratorState;

import org.apache.flink.annotation.Internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of an unbounded read: the reader group's Pravega {@link Checkpoint} for the Flink
 * checkpoint, plus the streams it reads. Each stream comes with the end cut the group was
 * configured with, which is {@link StreamCut#UNBOUNDED} on this path (bounded reads take the
 * segment path); the group still reaches an end when every stream it reads is sealed.
 */
@Internal
public final class ReaderGroupEnumeratorState extends PravegaEnumeratorState {

    private final Checkpoint checkpoint;
    private final Map<Stream, StreamCut> endCuts;

    public ReaderGroupEnumeratorState(Checkpoint checkpoint, Map<Stream, StreamCut> endCuts) {
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.endCuts = new LinkedHashMap<>(Objects.requireNonNull(endCuts, "endCuts"));
    }

    public Checkpoint getCheckpoint() {
        return checkpoint;
    }

    /** Where reading continues from this state. */
    public Map<Stream, StreamCut> getPositions() {
        return checkpoint.asImpl().getPositions();
    }

    /** For logs. */
    public String describe() {
        return checkpoint.getName();
    }

    /** The end cut per stream; {@link StreamCut#UNBOUNDED} for an unbounded stream. */
    public Map<Stream, StreamCut> getEndCuts() {
        return endCuts;
    }

    @Override
    public String toString() {
        return "ReaderGroupEnumeratorState{" + describe() + ", streams=" + endCuts.keySet() + '}';
    }
}
