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

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes through one {@link EventStreamWriter}. At-least-once flushes before every checkpoint and
 * fails the job on the first failed write; best-effort logs and counts failures.
 */
@Internal
final class AsyncEventOutput implements EventOutput {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncEventOutput.class);

    private final EventStreamWriter<ByteBuffer> writer;
    private final Stream stream;
    private final URI controllerUri;
    private final boolean atLeastOnce;
    private final Counter errors;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final StalledWriteWatchdog watchdog;
    private volatile boolean closedWithLoss;

    AsyncEventOutput(
            EventStreamWriter<ByteBuffer> writer,
            Stream stream,
            URI controllerUri,
            boolean atLeastOnce,
            Counter errors) {
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
        try {
            writer.close();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not flush and close the Pravega writer of stream {}",
                    stream.getScopedName(),
                    e);
        }
        // Closing flushes: whatever is still unacknowledged now is lost. Count it, so that
        // nothing goes unreported (the client leaves such writes pending, e.g. on a sealed stream).
        closedWithLoss = true;
        long lost = pending.getAndSet(0);
        if (lost > 0) {
            errors.inc(lost);
            LOG.warn(
                    "{} events written to Pravega stream {} were never acknowledged and are lost",
                    lost,
                    stream.getScopedName());
        }
    }
}
