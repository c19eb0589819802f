package io.pravega.connectors.flink.sink.internal;

import io.pravega.client.stream.Transaction;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands flushed transactions from a writer to the committer of the same task, so that a
 * transaction is committed through the object that wrote it. Committing through another one
 * (from {@code getTxn}) leaves a connection and a thread behind per transaction in client
 * 0.13; that path remains only for transactions restored from a checkpoint.
 */
@Internal
final class PreparedTransactions {

    private static final Map<UUID, Prepared> PREPARED = new ConcurrentHashMap<>();

    private PreparedTransactions() {}

    static void put(Object owner, Transaction<ByteBuffer> txn) {
        PREPARED.put(txn.getTxnId(), new Prepared(owner, txn));
    }

    @Nullable
    static Transaction<ByteBuffer> take(UUID txnId) {
        Prepared prepared = PREPARED.remove(txnId);
        return prepared == null ? null : prepared.txn;
    }

    /** A closing writer's transactions: its task's committer is done with them. */
    static void forget(Object owner) {
        PREPARED.values().removeIf(prepared -> prepared.owner == owner);
    }

    private static final class Prepared {
        final Object owner;
        final Transaction<ByteBuffer> txn;

        Prepared(Object owner, Transaction<ByteBuffer> txn) {
            this.owner = owner;
            this.txn = txn;
        }
    }
}
