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
package io.pravega.connectors.flink.source.enumerator.readergroup;

import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reader-group metrics on the enumerator: unread bytes, online readers, position per stream.
 *
 * <p>Reading them calls Pravega, which may be slow or gone; a metric reporter's thread must not
 * wait for it, nor carry client state in its thread-locals into other jobs. So a gauge serves the
 * last value it has and, when that is older than {@link #MAX_AGE_MILLIS}, asks the enumerator's own
 * thread for a new one. Nothing is fetched while no one reads the metrics.
 */
@Internal
final class ReaderGroupMetricsGauges {

    static final String GROUP = "PravegaReaderGroup";
    static final String UNREAD_BYTES = "unreadBytes";
    static final String ONLINE_READERS = "onlineReaders";
    static final String STREAM_CUT = "currentStreamCut";
    static final String CHECKPOINT_ALIGNMENT = "lastCheckpointAlignmentMillis";
    static final long MAX_AGE_MILLIS = 1_000;

    private ReaderGroupMetricsGauges() {}

    /**
     * {@code checkpointAlignmentMillis}: how long the last reader-group checkpoint took from its
     * start until every reader had read up to it, i.e. until the barrier could be placed.
     */
    static void register(
            MetricGroup parent,
            ReaderGroup readerGroup,
            Collection<Stream> streams,
            LongSupplier checkpointAlignmentMillis,
            Executor refresher) {
        MetricGroup group = parent.addGroup(GROUP);
        group.gauge(CHECKPOINT_ALIGNMENT, checkpointAlignmentMillis::getAsLong);
        cached(group, UNREAD_BYTES, () -> readerGroup.getMetrics().unreadBytes(), -1L, refresher);
        cached(group, ONLINE_READERS, () -> readerGroup.getOnlineReaders().size(), -1, refresher);
        for (Stream stream : streams) {
            cached(
                    group.addGroup("stream", stream.getScopedName()),
                    STREAM_CUT,
                    () -> {
                        StreamCut cut = readerGroup.getStreamCuts().get(stream);
                        return cut == null ? "" : cut.asText();
                    },
                    "",
                    refresher);
        }
    }

    /**
     * Registers a cached gauge and fetches its first value at once, so that a first read finds one.
     */
    private static <T> void cached(
            MetricGroup group, String name, Supplier<T> source, T initial, Executor refresher) {
        group.gauge(name, new CachedGauge<>(source, initial, refresher)).getValue();
    }

    /** Serves the last value; refreshes it on {@code refresher} when it is stale. */
    static final class CachedGauge<T> implements Gauge<T> {
        private final Supplier<T> source;
        private final Executor refresher;
        private final AtomicBoolean refreshing = new AtomicBoolean();
        private volatile T value;
        private volatile long refreshedAtNanos;

        CachedGauge(Supplier<T> source, T initial, Executor refresher) {
            this.source = source;
            this.refresher = refresher;
            this.value = initial;
            this.refreshedAtNanos =
                    System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS) - 1;
        }

        @Override
        public T getValue() {
            long age = System.nanoTime() - refreshedAtNanos;
            if (age > TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS)
                    && refreshing.compareAndSet(false, true)) {
                try {
                    refresher.execute(this::refresh);
                } catch (RejectedExecutionException e) {
                    refreshing.set(false); // the enumerator is closing
                }
            }
            return value;
        }

        private void refresh() {
            try {
                value = source.get();
            } catch (RuntimeException e) {
                // Keep the last value: a reporter must not see errors, e.g. while Pravega is away.
            } finally {
                refreshedAtNanos = System.nanoTime();
                refreshing.set(false);
            }
        }
    }
}
