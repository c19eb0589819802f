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
package io.pravega.connectors.flink.sink.internal;

import org.apache.flink.annotation.Internal;

import java.util.Objects;
import java.util.UUID;

/**
 * The transaction an exactly-once writer had open at a checkpoint. It holds no events from before
 * the checkpoint, so a writer restored from that checkpoint aborts it.
 */
@Internal
public final class PravegaWriterState {

    private final String scopedStream;
    private final UUID openTxnId;

    public PravegaWriterState(String scopedStream, UUID openTxnId) {
        this.scopedStream = Objects.requireNonNull(scopedStream, "scopedStream");
        this.openTxnId = Objects.requireNonNull(openTxnId, "openTxnId");
    }

    public String getScopedStream() {
        return scopedStream;
    }

    public UUID getOpenTxnId() {
        return openTxnId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaWriterState)) {
            return false;
        }
        PravegaWriterState that = (PravegaWriterState) o;
        return scopedStream.equals(that.scopedStream) && openTxnId.equals(that.openTxnId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scopedStream, openTxnId);
    }

    @Override
    public String toString() {
        return "PravegaWriterState{" + scopedStream + ", openTxn=" + openTxnId + '}';
    }
}
