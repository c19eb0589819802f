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

import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.util.BoundedCall;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One Pravega reader of the source's reader group, read on a fetcher thread of its own, and the
 * batch of fetched elements the task thread works through.
 */
@Internal
final class ReaderGroupFetch implements Fetch {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderGroupFetch.class);

    /**
     * Elements the fetcher may queue ahead; the task thread's batch holds as many again at most.
     */
    private static final int HANDOVER_CAPACITY = 2048;

    /**
     * How long closing waits for the reader to go offline in its group. Going offline updates the
     * group's state in Pravega, and with Pravega unreachable the client retries for minutes while
     * Flink waits to cancel the task; its cancellation interval is 30 s.
     */
    static final Duration OFFLINE_TIMEOUT = Duration.ofSeconds(15);

    private static final CompletableFuture<Void> AVAILABLE =
            CompletableFuture.completedFuture(null);

    private final PravegaSourceConfig config;
    private final Handover handover = new Handover(HANDOVER_CAPACITY);

    /** Completed when the enumerator lets this reader start (see {@code StartReadingEvent}). */
    private final CompletableFuture<Void> startSignal = new CompletableFuture<>();

    /** Taken from the handover in one go; only the task thread touches it. */
    private ArrayDeque<Object> batch = new ArrayDeque<>();

    private String readerId;
    private PravegaClients clients;
    private EventStreamReader<ByteBuffer> pravegaReader;
    private EventFetcher fetcher;
    private Thread fetcherThread;

    ReaderGroupFetch(PravegaSourceConfig config) {
        this.config = config;
    }

    @Override
    public void open(String readerId, SegmentReleaseWatch releaseWatch) {
        this.readerId = readerId;
        clients = PravegaClients.open(config.getPravegaConfig(), "reader");
        pravegaReader =
                clients.eventStreamClientFactory(config.getReaderGroupScope())
                        .createReader(
                                readerId,
                                config.getReaderGroupName(),
                                new ByteBufferSerializer(),
                                ReaderConfig.builder().build());
        fetcher =
                new EventFetcher(
                        pravegaReader,
                        handover,
                        config.getEventReadTimeout().toMillis(),
                        readerId,
                        config.getReaderGroupScope() + "/" + config.getReaderGroupName(),
                        config.getPravegaConfig().getControllerURI(),
                        releaseWatch,
                        config.isAtLeastOnce(),
                        config.isTimeWindowWatermarks()
                                ? new TimeWindowWatermarks(streams(), config.getWatermarkLateness())
                                : null,
                        startSignal);
        fetcherThread =
                new Thread(
                        fetcher, "pravega-reader-" + config.getReaderGroupName() + "-" + readerId);
        fetcherThread.setDaemon(true);
        fetcherThread.start();
    }

    @Override
    public void startReading() {
        startSignal.complete(null);
    }

    private List<Stream> streams() {
        List<Stream> streams = new ArrayList<>();
        config.getStreams().forEach(range -> streams.add(range.getStream()));
        return streams;
    }

    @Override
    @Nullable
    public Object next() throws Exception {
        Object next = batch.poll();
        if (next != null) {
            return next;
        }
        ArrayDeque<Object> drained = handover.drain(batch);
        if (drained == null) {
            return null;
        }
        batch = drained;
        return batch.poll();
    }

    @Override
    public CompletableFuture<Void> available() {
        return batch.isEmpty() ? handover.available() : AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> failed() {
        return handover.failed();
    }

    @Override
    public void rethrowError() throws Exception {
        handover.rethrowError();
    }

    /**
     * Stops the fetcher, then closes the Pravega reader (which takes it offline) and its clients.
     */
    @Override
    public void close() throws InterruptedException {
        if (fetcher != null) {
            fetcher.stop();
        }
        handover.close();
        if (fetcherThread != null) {
            fetcherThread.join(config.getEventReadTimeout().toMillis() + 5_000);
            if (fetcherThread.isAlive()) {
                LOG.warn("Pravega reader thread {} did not stop in time", fetcherThread.getName());
                fetcherThread.interrupt();
            }
            fetcherThread = null;
        }
        try {
            if (pravegaReader != null) {
                closeReader(pravegaReader);
            }
        } catch (RuntimeException e) {
            // E.g. the enumerator already deleted the group of a failed job. A close that throws
            // inside Flink's failure handling takes the whole TaskManager down, so only log it.
            LOG.warn("Could not take Pravega reader {} offline cleanly", readerId, e);
        } finally {
            pravegaReader = null;
            if (clients != null) {
                clients.close();
                clients = null;
            }
        }
    }

    /**
     * Takes the reader offline within {@link #OFFLINE_TIMEOUT}. Giving up loses nothing: the
     * positions Flink restores from are the group's checkpoints, not the reader's. A reader left
     * online keeps its segments only until the group is reset or deleted. The thread that gave up
     * is interrupted, and ends once the clients, closed next, fail what it waits for.
     */
    private void closeReader(EventStreamReader<ByteBuffer> reader) throws InterruptedException {
        try {
            BoundedCall.once(
                    "pravega-reader-offline-" + readerId,
                    OFFLINE_TIMEOUT,
                    () -> {
                        reader.close();
                        return null;
                    });
        } catch (TimeoutException e) {
            LOG.warn(
                    "Pravega at {} did not take reader {} of reader group {}/{} offline within {} "
                            + "s; giving up so that the task can stop. The group hands its "
                            + "segments over when it is reset or deleted. Check that Pravega runs "
                            + "and is reachable at that controller URI.",
                    config.getPravegaConfig().getControllerURI(),
                    readerId,
                    config.getReaderGroupScope(),
                    config.getReaderGroupName(),
                    OFFLINE_TIMEOUT.toSeconds(),
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        }
    }
}
