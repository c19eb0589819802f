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

/** A flushed Pravega transaction that commits when its checkpoint completes. */
@Internal
public final class PravegaCommittable {

    /** No watermark: the transaction commits without a timestamp. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final String scopedStream;
    private final UUID txnId;
    private final long timestamp;

    public PravegaCommittable(String scopedStream, UUID txnId, long timestamp) {
        this.scopedStream = Objects.requireNonNull(scopedStream, "scopedStream");
        this.txnId = Objects.requireNonNull(txnId, "txnId");
        this.timestamp = timestamp;
    }

    public String getScopedStream() {
        return scopedStream;
    }

    public UUID getTxnId() {
        return txnId;
    }

    /** The writer's watermark when the transaction was flushed, or {@link #NO_TIMESTAMP}. */
    public long getTimestamp() {
        return timestamp;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaCommittable)) {
            return false;
        }
        PravegaCommittable that = (PravegaCommittable) o;
        return timestamp == that.timestamp
                && scopedStream.equals(that.scopedStream)
                && txnId.equals(that.txnId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scopedStream, txnId, timestamp);
    }

    @Override
    public String toString() {
        return "PravegaCommittable{" + scopedStream + ", txn=" + txnId + '}';
    }
}
