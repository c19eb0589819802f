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

import io.pravega.client.segment.impl.SegmentSealedException;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.TxnFailedException;
import io.pravega.common.util.RetriesExhaustedException;
import io.pravega.connectors.flink.util.BoundedCall;
import io.pravega.connectors.flink.util.JvmErrors;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Writes each checkpoint's events into one Pravega transaction. The next transaction begins when
 * one is prepared, so that the writer's state always names the open one and a restored writer can
 * abort it. An idle writer keeps its empty transaction across checkpoints, unless its watermark
 * advanced: a transaction's commit time is how it notes time to readers.
 *
 * <p>Calls that may wait on an unreachable Pravega run bounded, on threads this output owns (see
 * {@link BoundedCall}) and stops in {@link #close()} before it aborts the open transaction and
 * closes the writer, so that a begin or flush that timed out cannot act on them afterwards.
 */
@Internal
final class TransactionalEventOutput implements EventOutput {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalEventOutput.class);
    private static final Duration ABORT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration BEGIN_TIMEOUT = Duration.ofSeconds(60);

    /** Closing the writer only stops its lease pinger, but it must not hang a cancel either. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final TransactionalEventStreamWriter<ByteBuffer> writer;
    private final Stream stream;
    private final Duration lease;
    private final URI controllerUri;
    private final StalledWriteWatchdog watchdog;
    private final TransactionHandOff.WriterSide handOff;
    private final BoundedCall calls;
    private Transaction<ByteBuffer> current;
    private long eventsInCurrent;

    /** The latest time a committed transaction carries (or will), to readers' time windows. */
    private long lastNotedTime = PravegaCommittable.NO_TIMESTAMP;

    TransactionalEventOutput(
            TransactionalEventStreamWriter<ByteBuffer> writer,
            Stream stream,
            Duration lease,
            URI controllerUri,
            Collection<PravegaWriterState> recovered,
            TransactionHandOff.WriterSide handOff) {
        this.writer = writer;
        this.handOff = handOff;
        this.stream = stream;
        this.lease = lease;
        this.controllerUri = controllerUri;
        this.calls = new BoundedCall("pravega-txn-writer-" + stream.getScopedName());
        try {
            abortLeftovers(recovered);
            this.current = beginTxn();
        } catch (RuntimeException e) {
            calls.close();
            throw e;
        }
        // Last: nothing after it may fail and leave its thread behind.
        this.watchdog =
                new StalledWriteWatchdog(
                        StalledWriteWatchdog.DEFAULT_BOUND,
                        "a transaction on Pravega stream '" + stream.getScopedName() + "'",
                        StalledWriteWatchdog.unreachableAdvice(controllerUri));
    }

    /**
     * Bounded: the client waits on the controller for each of its retries, up to its 5-minute
     * deadline per call when the controller accepts connections but does not answer, and a
     * checkpoint would stand still meanwhile. The client's own error names no Pravega: an
     * unreachable controller would read as a bare gRPC status.
     */
    private Transaction<ByteBuffer> beginTxn() {
        Throwable failure;
        try {
            // Should it answer after the timeout, its transaction is left to its lease.
            return calls.call("begin transaction", BEGIN_TIMEOUT, writer::beginTxn);
        } catch (TimeoutException e) {
            failure = e;
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while beginning a Pravega transaction on stream '"
                            + stream.getScopedName()
                            + "'",
                    e);
        }
        String reason =
                failure instanceof TimeoutException
                        ? "no answer within " + BEGIN_TIMEOUT.toSeconds() + " s"
                        : failure.toString();
        throw new IllegalStateException(
                "Could not begin a Pravega transaction on stream '"
                        + stream.getScopedName()
                        + "' ("
                        + reason
                        + "). "
                        + JvmErrors.adviceFor(
                                failure,
                                "Pravega at "
                                        + controllerUri
                                        + " did not answer: "
                                        + "check that Pravega runs and is reachable at that "
                                        + "controller URI.")
                        + " The job restarts from its last checkpoint, so nothing before it is "
                        + "lost.",
                failure);
    }

    /** The open transactions of the attempt that failed hold nothing from before the checkpoint. */
    private void abortLeftovers(Collection<PravegaWriterState> recovered) {
        for (PravegaWriterState state : recovered) {
            if (!state.getScopedStream().equals(stream.getScopedName())) {
                continue;
            }
            String failure;
            Throwable cause = null;
            try {
                // Bounded: with Pravega unreachable the job would not even start to fail.
                boolean aborted =
                        calls.call(
                                "abort leftover transaction",
                                ABORT_TIMEOUT,
                                () -> {
                                    Transaction<ByteBuffer> leftover =
                                            writer.getTxn(state.getOpenTxnId());
                                    if (leftover.checkStatus() != Transaction.Status.OPEN) {
                                        return false;
                                    }
                                    leftover.abort();
                                    return true;
                                });
                if (aborted) {
                    LOG.info(
                            "Aborted transaction {} on {} left open by an earlier attempt",
                            state.getOpenTxnId(),
                            stream.getScopedName());
                }
                continue;
            } catch (TimeoutException e) {
                failure = "no answer within " + ABORT_TIMEOUT.toSeconds() + " s";
            } catch (ExecutionException e) {
                cause = e.getCause();
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                failure = String.valueOf(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "Interrupted while aborting transactions left open on stream '"
                                + stream.getScopedName()
                                + "'",
                        e);
            }
            // Its lease ends it anyway.
            LOG.warn(
                    "Could not abort transaction {} on {} left open by an earlier attempt ({}); "
                            + "its lease of {} s ends it",
                    state.getOpenTxnId(),
                    stream.getScopedName(),
                    failure,
                    lease.toSeconds(),
                    cause);
        }
    }

    @Override
    public void write(@Nullable String routingKey, ByteBuffer event) throws IOException {
        try {
            watchdog.write(
                    () -> {
                        if (routingKey == null) {
                            current.writeEvent(event);
                        } else {
                            current.writeEvent(routingKey, event);
                        }
                        return null;
                    });
            eventsInCurrent++;
        } catch (TxnFailedException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() {
        // The transaction is flushed when it is prepared.
    }

    @Override
    public void noteTime(long timestamp) {
        // Transactions carry the watermark as their commit timestamp.
    }

    @Override
    public List<PravegaCommittable> prepareCommit(long timestamp) throws IOException {
        // An idle writer's empty transaction is committed only to carry a later time: without
        // it, readers' time windows (and so their watermarks) would stop at this writer's last.
        boolean newTime = timestamp != PravegaCommittable.NO_TIMESTAMP && timestamp > lastNotedTime;
        if (eventsInCurrent == 0 && !newTime) {
            return List.of();
        }
        if (newTime) {
            lastNotedTime = timestamp;
        }
        try {
            Transaction<ByteBuffer> txn = current;
            BoundedFlush.run(
                    calls,
                    BoundedFlush.TIMEOUT,
                    "transaction " + txn.getTxnId() + " on stream '" + stream.getScopedName() + "'",
                    controllerUri,
                    txn::flush);
        } catch (TxnFailedException e) {
            throw failed(e);
        }
        PravegaCommittable committable =
                new PravegaCommittable(stream.getScopedName(), current.getTxnId(), timestamp);
        handOff.hand(current);
        current = beginTxn();
        eventsInCurrent = 0;
        return List.of(committable);
    }

    private IOException failed(TxnFailedException e) {
        if (e.getCause() instanceof RetriesExhaustedException) {
            return new IOException(
                    "Pravega transaction "
                            + current.getTxnId()
                            + " on stream '"
                            + stream.getScopedName()
                            + "' failed: the writer could not reach Pravega at "
                            + controllerUri
                            + " ("
                            + e.getCause()
                            + "). "
                            + "The job restarts from its last checkpoint, so nothing before it is "
                            + "lost. Check that Pravega "
                            + "runs and is reachable at that controller URI.",
                    e);
        }
        if (causedBySealedSegment(e)) {
            return new IOException(
                    "Pravega transaction "
                            + current.getTxnId()
                            + " on stream '"
                            + stream.getScopedName()
                            + "' failed: the stream was sealed (or deleted) while the transaction "
                            + "was "
                            + "open, and a sealed stream takes no more events. Write to a stream "
                            + "that is not sealed; the job "
                            + "restarts from its last checkpoint, so nothing before it is lost.",
                    e);
        }
        return new IOException(
                "Pravega transaction "
                        + current.getTxnId()
                        + " on stream '"
                        + stream.getScopedName()
                        + "' failed: Pravega aborted it, most likely because its lease of "
                        + lease.toSeconds()
                        + " s ran out "
                        + "while the writer could not reach Pravega at "
                        + controllerUri
                        + ". The job restarts from its last "
                        + "checkpoint, so nothing before it is lost; if this repeats, raise "
                        + "withTxnLeaseRenewalPeriod.",
                e);
    }

    private static boolean causedBySealedSegment(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SegmentSealedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<PravegaWriterState> snapshotState() {
        return List.of(new PravegaWriterState(stream.getScopedName(), current.getTxnId()));
    }

    @Override
    public long pending() {
        return eventsInCurrent;
    }

    @Override
    public void close() {
        handOff.close();
        watchdog.close();
        // A begin or flush that timed out may still run: stop it before the transaction and the
        // writer it uses are aborted and closed under it.
        if (!calls.close(AsyncEventOutput.STRAGGLER_WAIT)) {
            LOG.warn(
                    "A call of the transactional Pravega writer of {} did not stop within {} s of "
                            + "being interrupted; closing the writer anyway",
                    stream.getScopedName(),
                    AsyncEventOutput.STRAGGLER_WAIT.toSeconds());
        }
        Transaction<ByteBuffer> open = current;
        try {
            // Holds only events after the last checkpoint, which a restart writes again. Bounded:
            // with Pravega gone, the client retries for a minute and more, and its lease ends it
            // anyway.
            BoundedCall.once(
                    "pravega-abort-" + open.getTxnId(),
                    ABORT_TIMEOUT,
                    () -> {
                        open.abort();
                        return null;
                    });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn(
                    "Could not abort transaction {} on {} (Pravega controller {}); its lease of {} "
                            + "s ends it",
                    open.getTxnId(),
                    stream.getScopedName(),
                    controllerUri,
                    lease.toSeconds(),
                    e);
        }
        try {
            BoundedCall.once(
                    "pravega-txn-writer-close-" + stream.getScopedName(),
                    CLOSE_TIMEOUT,
                    () -> {
                        writer.close();
                        return null;
                    });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn(
                    "Could not close the transactional Pravega writer of {} (Pravega controller "
                            + "{}); its clients are closed next",
                    stream.getScopedName(),
                    controllerUri,
                    e);
        }
    }
}
