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

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.JobID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import javax.annotation.concurrent.GuardedBy;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hands flushed transactions from a writer to the committer of the same subtask attempt, so that a
 * transaction is committed through the object that wrote it: committing through another one (from
 * {@code getTxn}) leaves a connection and a thread behind per transaction in client 0.13.
 *
 * <p>One channel per {@link HandOffKey}. A writer and a committer each open a side; the channel
 * exists only while a side is open, so nothing stays in the static registry once a job's tasks have
 * closed (a static entry would pin the job's class loader when the connector sits in Flink's {@code
 * lib/}). A committer that finds nothing, e.g. for a transaction restored from a checkpoint or one
 * whose writer runs in another task, looks the transaction up by id instead.
 *
 * <p>The writer and committer usually share a task thread; when chaining is off they do not, so
 * every access is synchronized.
 */
@Internal
final class TransactionHandOff {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionHandOff.class);
    private static final ConcurrentMap<HandOffKey, TransactionHandOff> CHANNELS =
            new ConcurrentHashMap<>();

    private final HandOffKey key;

    @GuardedBy("this")
    private final Map<UUID, Handed> transactions = new HashMap<>();

    // More than one of each when one sink object is used twice in a job: its copies share a key.
    @GuardedBy("this")
    private int writers;

    @GuardedBy("this")
    private int committers;

    private TransactionHandOff(HandOffKey key) {
        this.key = key;
    }

    static WriterSide openWriterSide(HandOffKey key) {
        return new WriterSide(attach(key, true));
    }

    static CommitterSide openCommitterSide(HandOffKey key) {
        return new CommitterSide(attach(key, false));
    }

    @VisibleForTesting
    static boolean isOpen(HandOffKey key) {
        return CHANNELS.containsKey(key);
    }

    @VisibleForTesting
    static long openChannels(JobID job) {
        return CHANNELS.keySet().stream().filter(key -> key.getJobId().equals(job)).count();
    }

    private static TransactionHandOff attach(HandOffKey key, boolean writer) {
        return CHANNELS.compute(
                key,
                (k, existing) -> {
                    TransactionHandOff channel =
                            existing == null ? new TransactionHandOff(k) : existing;
                    channel.attachSide(writer);
                    return channel;
                });
    }

    private static void detach(TransactionHandOff channel, boolean writer) {
        CHANNELS.computeIfPresent(
                channel.key,
                (k, current) -> {
                    if (current != channel) {
                        return current;
                    }
                    return channel.detachSide(writer) ? null : channel;
                });
    }

    private synchronized void attachSide(boolean writer) {
        if (writer) {
            writers++;
        } else {
            committers++;
        }
    }

    /** True when no side is left. */
    private synchronized boolean detachSide(boolean writer) {
        if (writer) {
            writers--;
        } else {
            committers--;
        }
        if (committers == 0) {
            transactions.clear();
        }
        return writers == 0 && committers == 0;
    }

    /** Keeps a transaction only while a committer can take it, so that nothing piles up unread. */
    private synchronized boolean put(WriterSide owner, Transaction<ByteBuffer> txn) {
        if (committers == 0) {
            return false;
        }
        transactions.put(txn.getTxnId(), new Handed(owner, txn));
        return true;
    }

    @Nullable
    private synchronized Transaction<ByteBuffer> take(UUID txnId) {
        Handed handed = transactions.remove(txnId);
        return handed == null ? null : handed.txn;
    }

    private synchronized void forget(WriterSide owner) {
        transactions.values().removeIf(handed -> handed.owner == owner);
    }

    /** The writer's end: hands over each prepared transaction. */
    static final class WriterSide implements AutoCloseable {
        private final TransactionHandOff channel;
        private boolean closed;
        private boolean reportedNoCommitter;

        private WriterSide(TransactionHandOff channel) {
            this.channel = channel;
        }

        /**
         * False if no committer of this subtask attempt is open here: it then looks the transaction
         * up itself.
         */
        boolean hand(Transaction<ByteBuffer> txn) {
            boolean handed = !closed && channel.put(this, txn);
            if (!handed && !reportedNoCommitter) {
                reportedNoCommitter = true;
                LOG.info(
                        "The committer of {} is not open beside its writer (BATCH mode, or chaining is off); it "
                                + "commits transactions through objects of its own, which costs a "
                                + "connection and a thread "
                                + "per transaction in the Pravega client 0.13",
                        channel.key);
            }
            return handed;
        }

        /**
         * Its transactions not yet taken go with it: the committer, if any, looks them up itself.
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            channel.forget(this);
            detach(channel, true);
        }
    }

    /** The committer's end: takes the transactions its committables name. */
    static final class CommitterSide implements AutoCloseable {
        private final TransactionHandOff channel;
        private volatile boolean closed;

        private CommitterSide(TransactionHandOff channel) {
            this.channel = channel;
        }

        /** The writer's object for this transaction, once; null if it was not handed over. */
        @Nullable
        Transaction<ByteBuffer> take(UUID txnId) {
            return closed ? null : channel.take(txnId);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            detach(channel, false);
        }
    }

    private static final class Handed {
        final WriterSide owner;
        final Transaction<ByteBuffer> txn;

        Handed(WriterSide owner, Transaction<ByteBuffer> txn) {
            this.owner = owner;
            this.txn = txn;
        }
    }
}
