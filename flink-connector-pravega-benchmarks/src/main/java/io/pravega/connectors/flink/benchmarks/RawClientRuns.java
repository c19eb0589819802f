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
package io.pravega.connectors.flink.benchmarks;

import io.pravega.client.BatchClientFactory;
import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.batch.SegmentIterator;
import io.pravega.client.batch.SegmentRange;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** The baselines: the raw Pravega client with the same parallelism and event size. */
final class RawClientRuns {

    private RawClientRuns() {}

    /** {@code parallelism} writers on threads of their own, each flushing at its end. */
    static void write(
            ClientConfig clientConfig, Stream stream, long events, int parallelism, int eventSize)
            throws InterruptedException {
        SteadyStateMeter.reset(events);
        WorkerThreads writers = new WorkerThreads();
        for (int w = 0; w < parallelism; w++) {
            long share = events / parallelism + (w < events % parallelism ? 1 : 0);
            int writerIndex = w;
            writers.add(
                    "raw-writer-" + w,
                    () -> {
                        try (EventStreamClientFactory clients =
                                        EventStreamClientFactory.withScope(
                                                stream.getScope(), clientConfig);
                                EventStreamWriter<byte[]> writer =
                                        clients.createEventWriter(
                                                stream.getStreamName(),
                                                new ByteArraySerializer(),
                                                EventWriterConfig.builder().build())) {
                            for (long i = 0; i < share; i++) {
                                writer.writeEvent(
                                        "key-" + writerIndex + "-" + (i % 16),
                                        Payload.create(eventSize));
                                if (i % 1000 == 999) {
                                    SteadyStateMeter.add(1000);
                                }
                            }
                            writer.flush();
                            SteadyStateMeter.add(share % 1000);
                        }
                    });
        }
        writers.run();
    }

    /** A reader group with {@code parallelism} readers on threads of their own. */
    static void read(ClientConfig clientConfig, Stream stream, long events, int parallelism)
            throws InterruptedException {
        String group = "raw-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(stream.getScope(), clientConfig);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig)) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(stream).build());
            SteadyStateMeter.reset(events);
            WorkerThreads readers = new WorkerThreads();
            for (int r = 0; r < parallelism; r++) {
                String readerId = "reader-" + r;
                readers.add(
                        readerId,
                        () -> {
                            try (EventStreamReader<byte[]> reader =
                                    clients.createReader(
                                            readerId,
                                            group,
                                            new ByteArraySerializer(),
                                            ReaderConfig.builder().build())) {
                                while (!SteadyStateMeter.done()) {
                                    EventRead<byte[]> read = reader.readNextEvent(500);
                                    if (read.getEvent() != null) {
                                        SteadyStateMeter.add(1);
                                    }
                                }
                            }
                        });
            }
            readers.run();
            groups.deleteReaderGroup(group);
        }
    }

    /**
     * The latency baseline: one writer paced to the load's rate, as the connector job's generator
     * is, writing while a reader group of {@code parallelism} readers reads, each on a thread of
     * its own. Returns the latencies after the warm-up.
     *
     * @param refresh the reader group's refresh time; the connector's, not Pravega's 3 s default,
     *     so that both reader groups share out their segments equally fast
     */
    static Percentiles latency(
            ClientConfig clientConfig, Stream stream, LatencyLoad load, Duration refresh)
            throws InterruptedException {
        String group = "raw-latency-" + UUID.randomUUID().toString().substring(0, 8);
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(stream.getScope(), clientConfig);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig)) {
            groups.createReaderGroup(
                    group,
                    ReaderGroupConfig.builder().stream(stream)
                            .groupRefreshTimeMillis(refresh.toMillis())
                            .build());
            Latencies.reset(load.events());
            AtomicBoolean stop = new AtomicBoolean();
            WorkerThreads threads = new WorkerThreads();
            for (int r = 0; r < load.parallelism(); r++) {
                String readerId = "latency-reader-" + r;
                threads.add(
                        readerId,
                        () -> {
                            try (EventStreamReader<byte[]> reader =
                                    clients.createReader(
                                            readerId,
                                            group,
                                            new ByteArraySerializer(),
                                            ReaderConfig.builder().build())) {
                                while (!stop.get()) {
                                    byte[] event = reader.readNextEvent(100).getEvent();
                                    if (event != null) {
                                        Latencies.recordArrival(event);
                                    }
                                }
                            }
                        });
            }
            // Like the connector job's writer: no routing key, no flush but at the end.
            threads.add(
                    "latency-writer",
                    () -> {
                        try (EventStreamWriter<byte[]> writer =
                                clients.createEventWriter(
                                        stream.getStreamName(),
                                        new ByteArraySerializer(),
                                        EventWriterConfig.builder().build())) {
                            FixedRatePacer pacer = new FixedRatePacer(load.rate());
                            for (int i = 0; i < load.events() && !stop.get(); i++) {
                                pacer.awaitNext();
                                writer.writeEvent(Payload.create(load.eventSize()));
                            }
                        }
                    });
            threads.start();
            try {
                Latencies.awaitArrivals(load);
            } finally {
                stop.set(true);
                threads.join();
            }
            groups.deleteReaderGroup(group);
        }
        return Latencies.afterWarmUp(load);
    }

    /**
     * The batch client: the stream's segment ranges, shared out over {@code parallelism} threads.
     */
    static void readBatch(ClientConfig clientConfig, Stream stream, long events, int parallelism)
            throws InterruptedException {
        try (BatchClientFactory batch =
                BatchClientFactory.withScope(stream.getScope(), clientConfig)) {
            List<SegmentRange> ranges = new ArrayList<>();
            batch.getSegments(stream, StreamCut.UNBOUNDED, StreamCut.UNBOUNDED)
                    .getIterator()
                    .forEachRemaining(ranges::add);
            SteadyStateMeter.reset(events);
            WorkerThreads readers = new WorkerThreads();
            for (int r = 0; r < parallelism; r++) {
                int first = r;
                readers.add(
                        "raw-batch-reader-" + r,
                        () -> {
                            for (int i = first; i < ranges.size(); i += parallelism) {
                                try (SegmentIterator<byte[]> segment =
                                        batch.readSegment(
                                                ranges.get(i), new ByteArraySerializer())) {
                                    while (segment.hasNext()) {
                                        segment.next();
                                        SteadyStateMeter.add(1);
                                    }
                                }
                            }
                        });
            }
            readers.run();
        }
    }
}
