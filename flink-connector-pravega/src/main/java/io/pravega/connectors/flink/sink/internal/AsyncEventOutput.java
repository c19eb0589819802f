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

import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.util.BoundedCall;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes through one {@link EventStreamWriter}. At-least-once flushes before every checkpoint and
 * fails the job on the first failed write; best-effort logs and counts failures.
 *
 * <p>Flushes run on threads this output owns (see {@link BoundedCall}), reused from checkpoint to
 * checkpoint and stopped in {@link #close()}. Closing is bounded too: the client's close flushes,
 * and with Pravega unreachable it would retry for minutes while Flink waits to cancel the task.
 */
@Internal
final class AsyncEventOutput implements EventOutput {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncEventOutput.class);

    /**
     * How long closing waits for the writer's final flush. Well under Flink's task cancellation
     * interval of 30 s, after which Flink starts interrupting the task thread.
     */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    /** How long closing waits for a flush that timed out before to end once interrupted. */
    static final Duration STRAGGLER_WAIT = Duration.ofSeconds(5);

    private final EventStreamWriter<ByteBuffer> writer;
    private final Stream stream;
    private final URI controllerUri;
    private final boolean atLeastOnce;
    private final Counter errors;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final StalledWriteWatchdog watchdog;
    private final BoundedCall calls;
    private final Duration flushTimeout;
    private final Duration closeTimeout;
    private volatile boolean closedWithLoss;

    AsyncEventOutput(
            EventStreamWriter<ByteBuffer> writer,
            Stream stream,
            URI controllerUri,
            boolean atLeastOnce,
            Counter errors) {
        this(
                writer,
                stream,
                controllerUri,
                atLeastOnce,
                errors,
                BoundedFlush.TIMEOUT,
                CLOSE_TIMEOUT);
    }

    AsyncEventOutput(
            EventStreamWriter<ByteBuffer> writer,
            Stream stream,
            URI controllerUri,
            boolean atLeastOnce,
            Counter errors,
            Duration flushTimeout,
            Duration closeTimeout) {
        this.flushTimeout = flushTimeout;
        this.closeTimeout = closeTimeout;
        this.calls = new BoundedCall("pravega-writer-" + stream.getScopedName());
        this.writer = writer;
        this.stream = stream;
        this.controllerUri = controllerUri;
        this.atLeastOnce = atLeastOnce;
        this.errors = errors;
        this.watchdog =
                new StalledWriteWatchdog(
                        StalledWriteWatchdog.DEFAULT_BOUND,
                        "Pravega stream '" + stream.getScopedName() + "'",
                        StalledWriteWatchdog.unreachableAdvice(controllerUri));
    }

    @Override
    public void write(@Nullable String routingKey, ByteBuffer event) throws IOException {
        checkNoError();
        CompletableFuture<Void> ack;
        try {
            ack =
                    watchdog.write(
                            () ->
                                    routingKey == null
                                            ? writer.writeEvent(event)
                                            : writer.writeEvent(routingKey, event));
        } catch (RuntimeException e) {
            // E.g. a sealed stream: Pravega refuses at once.
            onError(e);
            checkNoError();
            return;
        }
        pending.incrementAndGet();
        ack.whenComplete(
                (ignored, error) -> {
                    if (closedWithLoss) {
                        return; // counted in close()
                    }
                    pending.decrementAndGet();
                    if (error != null) {
                        onError(error);
                    }
                });
    }

    private void onError(Throwable error) {
        errors.inc();
        if (atLeastOnce) {
            firstError.compareAndSet(null, error);
        } else if (errors.getCount() == 1 || errors.getCount() % 1000 == 0) {
            LOG.warn(
                    "Best-effort write to Pravega stream {} failed ({} failures so far); the event is dropped",
                    stream.getScopedName(),
                    errors.getCount(),
                    error);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!atLeastOnce) {
            return;
        }
        try {
            BoundedFlush.run(
                    calls,
                    flushTimeout,
                    "the events written to stream '" + stream.getScopedName() + "'",
                    controllerUri,
                    writer::flush);
        } catch (RuntimeException e) {
            firstError.compareAndSet(null, e);
        }
        checkNoError();
    }

    private void checkNoError() throws IOException {
        Throwable error = firstError.get();
        if (error != null) {
            throw new IOException(
                    "A write to Pravega stream '"
                            + stream.getScopedName()
                            + "' failed, so the job "
                            + "restarts from its last checkpoint and writes the events after it "
                            + "again: "
                            + error
                            + " (Pravega controller "
                            + controllerUri
                            + ")",
                    error);
        }
    }

    @Override
    public void noteTime(long timestamp) {
        writer.noteTime(timestamp);
    }

    @Override
    public List<PravegaCommittable> prepareCommit(long timestamp) {
        return List.of();
    }

    @Override
    public List<PravegaWriterState> snapshotState() {
        return List.of();
    }

    @Override
    public long pending() {
        return pending.get();
    }

    @Override
    public void close() {
        watchdog.close();
        // A flush that timed out may still run. The client's close would wait for it (both take
        // the writer's lock), and it must not go on with a writer closed under it.
        if (!calls.close(STRAGGLER_WAIT)) {
            LOG.warn(
                    "A flush of the Pravega writer of stream {} did not stop within {} s of being "
                            + "interrupted; closing the writer anyway",
                    stream.getScopedName(),
                    STRAGGLER_WAIT.toSeconds());
        }
        closeWriter();
        // Closing flushes: whatever is still unacknowledged now is lost. Count it, so that
        // nothing goes unreported (the client leaves such writes pending, e.g. on a sealed stream,
        // or when the close gave up). All of it came after the last checkpoint, which flushed.
        closedWithLoss = true;
        long lost = pending.getAndSet(0);
        if (lost > 0) {
            errors.inc(lost);
            LOG.warn(
                    "{} events written to Pravega stream {} were never acknowledged and are lost "
                            + "(all after the last checkpoint; a restart from it writes them "
                            + "again)",
                    lost,
                    stream.getScopedName());
        }
    }

    /**
     * Closes the writer, which flushes, within {@link #closeTimeout}. A close that gave up stays
     * interrupted on a daemon thread; the clients, which the sink writer closes next, fail what it
     * waits for, so that the thread ends.
     */
    private void closeWriter() {
        try {
            BoundedCall.once(
                    "pravega-writer-close-" + stream.getScopedName(),
                    closeTimeout,
                    () -> {
                        writer.close();
                        return null;
                    });
        } catch (TimeoutException e) {
            LOG.warn(
                    "Pravega at {} did not acknowledge the last events written to stream {} "
                            + "within {} s of closing the writer; giving up so that the task can "
                            + "stop. Check that Pravega runs and is reachable at that controller "
                            + "URI.",
                    controllerUri,
                    stream.getScopedName(),
                    closeTimeout.toSeconds(),
                    e);
        } catch (ExecutionException e) {
            LOG.warn(
                    "Could not flush and close the Pravega writer of stream {}",
                    stream.getScopedName(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn(
                    "Interrupted while closing the Pravega writer of stream {}; not waiting for it",
                    stream.getScopedName(),
                    e);
        }
    }
}
