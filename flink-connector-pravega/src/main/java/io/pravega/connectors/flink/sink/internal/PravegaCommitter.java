package io.pravega.connectors.flink.sink.internal;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.TxnFailedException;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.common.util.RetriesExhaustedException;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.UUID;

/**
 * Commits the transactions of completed checkpoints. It checks each transaction's status first,
 * so a replay after a restore commits only what is still open and confirms what is committing or
 * committed. A transaction Pravega aborted (its lease ran out) is reported as lost data.
 */
@Internal
public final class PravegaCommitter implements Committer<PravegaCommittable> {

    private static final Logger LOG = LoggerFactory.getLogger(PravegaCommitter.class);
    static final int MAX_RETRIES = 10;

    private final PravegaSinkConfig config;
    private final Counter lostTransactions;
    /** For transactions restored from a checkpoint: their writer is gone. */
    private PravegaClients recoveryClients;
    private TransactionalEventStreamWriter<ByteBuffer> recoveryWriter;

    public PravegaCommitter(PravegaSinkConfig config, Counter lostTransactions) {
        this.config = config;
        this.lostTransactions = lostTransactions;
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
            Transaction<ByteBuffer> txn = PreparedTransactions.take(committable.getTxnId());
            if (txn == null) {
                txn = recoveryWriter(committable).getTxn(committable.getTxnId());
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
                request.signalFailedWithUnknownReason(new IllegalStateException("Could not commit Pravega "
                        + "transaction " + committable.getTxnId() + " on stream '" + committable.getScopedStream()
                        + "': Pravega at " + config.getPravegaConfig().getControllerURI() + " did not answer (" + e
                        + "). The job restarts and commits it from its last checkpoint. Check that Pravega runs and is "
                        + "reachable at that controller URI.", e));
            } else if (request.getNumberOfRetries() < MAX_RETRIES) {
                LOG.warn("Could not commit Pravega transaction {} on {} yet; retrying", committable.getTxnId(),
                        committable.getScopedStream(), e);
                request.retryLater();
            } else {
                request.signalFailedWithUnknownReason(new IllegalStateException("Could not commit Pravega transaction "
                        + committable.getTxnId() + " on stream '" + committable.getScopedStream() + "' after "
                        + MAX_RETRIES + " attempts. Check that Pravega is reachable.", e));
            }
        }
    }

    private void commitOpen(Transaction<ByteBuffer> txn, PravegaCommittable committable) throws TxnFailedException {
        if (committable.getTimestamp() == PravegaCommittable.NO_TIMESTAMP) {
            txn.commit();
        } else {
            txn.commit(committable.getTimestamp());
        }
        LOG.debug("Committed Pravega transaction {} on {}", committable.getTxnId(), committable.getScopedStream());
    }

    /** Nothing can bring the events back; say so plainly, and go on (as Flink's Kafka sink does). */
    private void lost(CommitRequest<PravegaCommittable> request, Throwable cause) {
        PravegaCommittable committable = request.getCommittable();
        lostTransactions.inc();
        IllegalStateException error = new IllegalStateException("Pravega aborted transaction "
                + committable.getTxnId() + " on stream '" + committable.getScopedStream() + "' before Flink could "
                + "commit it, so the events written in it during one checkpoint interval are LOST. Pravega aborts a "
                + "transaction when its lease runs out: its writer was gone (a failure or restart) for longer than the "
                + "lease of " + config.getTxnLease().toSeconds() + " s. Raise FlinkPravegaWriter.builder()"
                + ".withTxnLeaseRenewalPeriod(...) above the longest restart time.", cause);
        LOG.error(error.getMessage(), cause);
        request.signalFailedWithKnownReason(error);
    }

    private TransactionalEventStreamWriter<ByteBuffer> recoveryWriter(PravegaCommittable committable) {
        if (recoveryWriter == null) {
            Stream stream = Stream.of(committable.getScopedStream());
            recoveryClients = PravegaClients.open(config.getPravegaConfig(), "committer");
            recoveryWriter = recoveryClients.eventStreamClientFactory(stream.getScope()).createTransactionalEventWriter(
                    "flink-committer-" + UUID.randomUUID(), stream.getStreamName(), new ByteBufferSerializer(),
                    config.writerConfig());
        }
        return recoveryWriter;
    }

    @Override
    public void close() {
        if (recoveryWriter != null) {
            recoveryWriter.close();
        }
        if (recoveryClients != null) {
            recoveryClients.close();
        }
    }
}
