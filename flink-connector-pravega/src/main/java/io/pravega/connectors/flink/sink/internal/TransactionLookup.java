package io.pravega.connectors.flink.sink.internal;

import io.pravega.client.stream.Transaction;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/**
 * How the committer reaches a transaction its writer did not hand over: one restored from a
 * checkpoint, or one whose writer runs in another task.
 */
@Internal
interface TransactionLookup extends AutoCloseable {

    Transaction<ByteBuffer> getTxn(PravegaCommittable committable);

    @Override
    void close();
}
