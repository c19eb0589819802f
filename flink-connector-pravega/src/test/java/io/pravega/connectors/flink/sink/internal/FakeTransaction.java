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

import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TxnFailedException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A transaction that records its commits; its status and failures are set by the test. */
final class FakeTransaction implements Transaction<ByteBuffer> {

    /** What {@link #commits} holds for a commit without a timestamp. */
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final UUID txnId = UUID.randomUUID();
    final List<Long> commits = new ArrayList<>();
    Status status = Status.OPEN;

    /** Run by abort, if set: e.g. one that blocks like a client that cannot reach Pravega. */
    Runnable onAbort;

    /** Thrown by checkStatus, if set. */
    RuntimeException statusFailure;

    /** Thrown by commit, if set: a TxnFailedException or a RuntimeException. */
    Exception commitFailure;

    @Override
    public UUID getTxnId() {
        return txnId;
    }

    @Override
    public void writeEvent(ByteBuffer event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeEvent(String routingKey, ByteBuffer event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void flush() {}

    @Override
    public void commit() throws TxnFailedException {
        commit(NO_TIMESTAMP);
    }

    @Override
    public void commit(long timestamp) throws TxnFailedException {
        if (commitFailure instanceof TxnFailedException) {
            throw (TxnFailedException) commitFailure;
        }
        if (commitFailure != null) {
            throw (RuntimeException) commitFailure;
        }
        commits.add(timestamp);
        status = Status.COMMITTING;
    }

    @Override
    public void abort() {
        if (onAbort != null) {
            onAbort.run();
        }
        status = Status.ABORTED;
    }

    @Override
    public Status checkStatus() {
        if (statusFailure != null) {
            throw statusFailure;
        }
        return status;
    }
}
