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
package io.pravega.connectors.flink.source.reader.readergroup;

import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.connectors.flink.source.event.CheckpointNames;
import io.pravega.connectors.flink.util.JvmErrors;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one Pravega reader on a thread of its own, from the moment the enumerator lets it start
 * (when every reader of the job is in the group, so that each takes its fair share of segments). It
 * never stops at a checkpoint event: a reader-group checkpoint completes only once every reader has
 * read past it, and the enumerator waits for that before Flink sends the barrier. It hands over a
 * marker for each checkpoint event, in order with the events. For an at-least-once read it then
 * waits until the task thread emitted everything before the marker, so that every completed
 * reader-group checkpoint is a safe place to resume from; the exactly-once task thread holds at a
 * Flink checkpoint's marker instead. At a release checkpoint's marker every reader waits: the read
 * after it may hand segments to other readers.
 */
@Internal
final class EventFetcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFetcher.class);
    private static final long POLL_MILLIS = 100;
    private static final long WATERMARK_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final EventStreamReader<ByteBuffer> reader;
    private final Handover handover;
    private final long readTimeoutMs;
    private final String readerId;
    private final String readerGroup;
    private final URI controllerUri;
    private final SegmentReleaseWatch releaseWatch;

    /** At-least-once: a checkpoint completes only after what came before it was emitted. */
    private final boolean awaitEmission;

    /**
     * Completed when the enumerator lets this reader start: every reader of the job is in the
     * group.
     */
    private final CompletableFuture<Void> startSignal;

    /** Null: no watermarks. */
    @Nullable private final TimeWindowWatermarks watermarks;

    private long nextWatermarkCheckNanos;
    private volatile boolean running = true;

    EventFetcher(
            EventStreamReader<ByteBuffer> reader,
            Handover handover,
            long readTimeoutMs,
            String readerId,
            String readerGroup,
            URI controllerUri,
            SegmentReleaseWatch releaseWatch,
            boolean awaitEmission,
            @Nullable TimeWindowWatermarks watermarks,
            CompletableFuture<Void> startSignal) {
        this.reader = reader;
        this.startSignal = startSignal;
        this.watermarks = watermarks;
        this.awaitEmission = awaitEmission;
        this.releaseWatch = releaseWatch;
        this.handover = handover;
        this.readTimeoutMs = readTimeoutMs;
        this.readerId = readerId;
        this.readerGroup = readerGroup;
        this.controllerUri = controllerUri;
    }

    @Override
    public void run() {
        try {
            awaitDone(startSignal);
            while (running) {
                EventRead<ByteBuffer> read = reader.readNextEvent(readTimeoutMs);
                releaseWatch.observe(
                        read.getPosition(), System.nanoTime(), read.getEvent() == null);
                if (read.isCheckpoint()) {
                    // The next read records this reader's position in the checkpoint and releases
                    // finished segments.
                    String name = read.getCheckpointName();
                    OptionalLong id = CheckpointNames.checkpointId(name);
                    FetchedElements.CheckpointMarker marker =
                            id.isPresent()
                                    ? new FetchedElements.FlinkCheckpointMarker(id.getAsLong())
                                    : CheckpointNames.isRelease(name)
                                            ? new FetchedElements.ReleaseMarker(name)
                                            : null;
                    if (marker != null) {
                        handover.put(marker);
                        // The next read may hand segments to other readers: an exactly-once reader
                        // first emits what it read from them, so that they do not overtake it.
                        if (awaitEmission || marker instanceof FetchedElements.ReleaseMarker) {
                            awaitDone(marker.emitted);
                        }
                    }
                } else if (read.getEvent() != null) {
                    handover.put(
                            new FetchedElements.Event(read.getEvent(), read.getEventPointer()));
                } else if (read.isReadCompleted()) {
                    handover.put(FetchedElements.END_OF_INPUT);
                    return;
                }
                if (watermarks != null) {
                    handOverWatermark(read.getEvent() == null);
                }
            }
        } catch (Handover.ClosedException | InterruptedException e) {
            // The source reader is closing.
        } catch (Throwable t) {
            if (running) {
                LOG.warn("Pravega reader {} failed", readerId, t);
                // The client's own errors (e.g. a timeout reading the group's state) say neither
                // which Pravega nor what to do.
                handover.reportError(
                        new IOException(
                                "Pravega reader "
                                        + readerId
                                        + " of reader group "
                                        + readerGroup
                                        + " could not read from Pravega at "
                                        + controllerUri
                                        + ": "
                                        + t
                                        + ". "
                                        + JvmErrors.adviceFor(
                                                t,
                                                "If Pravega is down or unreachable, start it or fix the controller "
                                                        + "URI;")
                                        + " The job restarts from its last checkpoint.",
                                t));
            }
        }
    }

    /**
     * After the events read so far, so that none of them is behind it. The window changes only as
     * the reader group's positions are published (each reader refresh), so it is looked at every
     * few milliseconds, not per event.
     */
    private void handOverWatermark(boolean idle)
            throws InterruptedException, Handover.ClosedException {
        long now = System.nanoTime();
        if (!idle && now - nextWatermarkCheckNanos < 0) {
            return;
        }
        nextWatermarkCheckNanos = now + WATERMARK_CHECK_NANOS;
        OptionalLong watermark = watermarks.advance(reader::getCurrentTimeWindow);
        if (watermark.isPresent()) {
            handover.put(new FetchedElements.WatermarkMarker(watermark.getAsLong()));
        }
    }

    /**
     * Waits until the future completes (e.g. the task thread emitted everything before a marker),
     * or this fetcher stops.
     */
    private void awaitDone(CompletableFuture<Void> future)
            throws InterruptedException, ExecutionException {
        while (running) {
            try {
                future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // Check whether the reader is closing.
            }
        }
    }

    void stop() {
        running = false;
    }
}
