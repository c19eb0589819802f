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

import org.apache.flink.annotation.Internal;

import java.util.Map;

/**
 * For at-least-once reads: the newest completed reader-group checkpoint, the place to resume from.
 * At-least-once readers let a checkpoint complete only after they emitted everything before its
 * event, so any completed checkpoint is safe; the newest one (by the time it was started) repeats
 * the least. Used on the enumerator's coordinator thread only.
 */
@Internal
final class SafeCheckpoints {

    private final Map<Stream, StreamCut> endCuts;
    private ReaderGroupEnumeratorState newest;
    private long newestStartedNanos;

    /**
     * Checkpoints started before this time hold positions from before a rewind, and are ignored.
     */
    private long rewoundNanos;

    SafeCheckpoints(
            ReaderGroupEnumeratorState initial, long startedNanos, Map<Stream, StreamCut> endCuts) {
        this.newest = initial;
        this.newestStartedNanos = startedNanos;
        this.rewoundNanos = startedNanos;
        this.endCuts = endCuts;
    }

    /** The newest completed checkpoint, as the enumerator's state. */
    ReaderGroupEnumeratorState current() {
        return newest;
    }

    /** A checkpoint started at {@code startedNanos} (a {@link System#nanoTime()}) completed. */
    void completed(Checkpoint checkpoint, long startedNanos) {
        if (startedNanos - newestStartedNanos > 0 && startedNanos - rewoundNanos >= 0) {
            newest = new ReaderGroupEnumeratorState(checkpoint, endCuts);
            newestStartedNanos = startedNanos;
        }
    }

    /**
     * The reader group was rewound to {@code state} at {@code nanos}: what was emitted after it is
     * gone downstream, so no checkpoint started before the rewind may be used.
     */
    void rewound(ReaderGroupEnumeratorState state, long nanos) {
        newest = state;
        newestStartedNanos = nanos;
        rewoundNanos = nanos;
    }
}
