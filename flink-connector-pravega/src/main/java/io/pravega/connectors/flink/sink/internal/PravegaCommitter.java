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
import io.pravega.common.util.RetriesExhaustedException;
import io.pravega.connectors.flink.PravegaWriterMode;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * Commits the transactions of completed checkpoints. It checks each transaction's status first, so
 * a replay after a restore commits only what is still open and confirms what is committing or
 * committed. A transaction Pravega aborted (its lease ran out) is reported as lost data. It commits
 * through the writer's own object what the writer of its subtask attempt handed over ({@link
 * TransactionHandOff}), and looks every other transaction up by id.
 */
@Internal
public final class PravegaCommitter implements Committer<PravegaCommittable> {

    private static final Logger LOG = LoggerFactory.getLogger(PravegaCommitter.class);
    static final int MAX_RETRIES = 10;

    private final PravegaSinkConfig config;
    private final Counter lostTransactions;

    /** The writer's own transaction objects, when it runs in this JVM. */
    @Nullable private final TransactionHandOff.CommitterSide handOff;

    /** For transactions not handed over, e.g. restored from a checkpoint: their writer is gone. */
    private final TransactionLookup lookup;

    /** A committer that looks every transaction up by id. */
    public PravegaCommitter(PravegaSinkConfig config, Counter lostTransactions) {
        this(config, lostTransactions, null, new ClientTransactionLookup(config));
    }

    /** A committer that first takes what the writer of the same subtask attempt handed over. */
    public PravegaCommitter(
            PravegaSinkConfig config, Counter lostTransactions, HandOffKey handOffKey) {
        this(
                config,
                lostTransactions,
                config.getMode() == PravegaWriterMode.EXACTLY_ONCE
                        ? TransactionHandOff.openCommitterSide(handOffKey)
                        : null,
                new ClientTransactionLookup(config));
    }

    @VisibleForTesting
    PravegaCommitter(
            PravegaSinkConfig config,
            Counter lostTransactions,
            @Nullable TransactionHandOff.CommitterSide handOff,
            TransactionLookup lookup) {
        this.config = config;
        this.lostTransactions = lostTransactions;
        this.handOff = handOff;
        this.lookup = lookup;
    }

    @Override
    public void commit(Collection<CommitRequest<PravegaCommittable>> requests) {
        for (CommitRequest<PravegaCommittable> request : requests) {
            commit(request);
        }
    }

    private void commit(CommitRequest<PravegaCommittable> request) {
        PravegaCommittable committable = request.getCommittable();
        try {
            Transaction<ByteBuffer> txn =
                    handOff == null ? null : handOff.take(committable.getTxnId());
            if (txn == null) {
                LOG.debug(
                        "Pravega transaction {} on {} was not handed over by a writer of this subtask attempt; "
                                + "looking it up by id",
                        committable.getTxnId(),
                        committable.getScopedStream());
                txn = lookup.getTxn(committable);
            }
            Transaction.Status status = txn.checkStatus();
            switch (status) {
                case OPEN:
                    commitOpen(txn, committable);
                    break;
                case COMMITTING:
                case COMMITTED:
                    request.signalAlreadyCommitted();
                    break;
                case ABORTING:
                case ABORTED:
                default:
                    lost(request, null);
                    break;
            }
        } catch (TxnFailedException e) {
            lost(request, e);
        } catch (RuntimeException e) {
            if (e instanceof RetriesExhaustedException) {
                // The client retried for about a minute and a half already, blocking the task; more
                // attempts would stall the job for many more. Its checkpoint still holds the
                // transaction, so the restarted job commits it.
                request.signalFailedWithUnknownReason(
                        new IllegalStateException(
                                "Could not commit Pravega "
                                        + "transaction "
                                        + committable.getTxnId()
                                        + " on stream '"
                                        + committable.getScopedStream()
                                        + "': Pravega at "
                                        + config.getPravegaConfig().getControllerURI()
                                        + " did not answer ("
                                        + e
                                        + "). The job restarts and commits it from its last "
                                        + "checkpoint. Check that Pravega runs and is "
                                        + "reachable at that controller URI.",
                                e));
            } else if (request.getNumberOfRetries() < MAX_RETRIES) {
                LOG.warn(
                        "Could not commit Pravega transaction {} on {} yet; retrying",
                        committable.getTxnId(),
                        committable.getScopedStream(),
                        e);
                request.retryLater();
            } else {
                request.signalFailedWithUnknownReason(
                        new IllegalStateException(
                                "Could not commit Pravega transaction "
                                        + committable.getTxnId()
                                        + " on stream '"
                                        + committable.getScopedStream()
                                        + "' after "
                                        + MAX_RETRIES
                                        + " attempts. Check that Pravega is reachable.",
                                e));
            }
        }
    }

    private void commitOpen(Transaction<ByteBuffer> txn, PravegaCommittable committable)
            throws TxnFailedException {
        if (committable.getTimestamp() == PravegaCommittable.NO_TIMESTAMP) {
            txn.commit();
        } else {
            txn.commit(committable.getTimestamp());
        }
        LOG.debug(
                "Committed Pravega transaction {} on {}",
                committable.getTxnId(),
                committable.getScopedStream());
    }

    /**
     * Nothing can bring the events back; say so plainly, and go on (as Flink's Kafka sink does).
     */
    private void lost(CommitRequest<PravegaCommittable> request, Throwable cause) {
        PravegaCommittable committable = request.getCommittable();
        lostTransactions.inc();
        IllegalStateException error =
                new IllegalStateException(
                        "Pravega aborted transaction "
                                + committable.getTxnId()
                                + " on stream '"
                                + committable.getScopedStream()
                                + "' before Flink could "
                                + "commit it, so the events written in it during one checkpoint "
                                + "interval are LOST. Pravega aborts a "
                                + "transaction when its lease runs out: its writer was gone (a "
                                + "failure or restart) for longer than the "
                                + "lease of "
                                + config.getTxnLease().toSeconds()
                                + " s. Raise FlinkPravegaWriter.builder()"
                                + ".withTxnLeaseRenewalPeriod(...) above the longest restart time.",
                        cause);
        LOG.error(error.getMessage(), cause);
        request.signalFailedWithKnownReason(error);
    }

    @Override
    public void close() {
        try {
            if (handOff != null) {
                handOff.close();
            }
        } finally {
            lookup.close();
        }
    }
}
