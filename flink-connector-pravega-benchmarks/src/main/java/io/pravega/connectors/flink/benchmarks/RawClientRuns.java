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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The baselines: the raw Pravega client with the same parallelism and event size. */
final class RawClientRuns {

    private RawClientRuns() {}

    /** {@code parallelism} writers on threads of their own, each flushing at its end. */
    static void write(ClientConfig clientConfig, Stream stream, long events, int parallelism, int eventSize)
            throws InterruptedException {
        SteadyStateMeter.reset(events);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < parallelism; w++) {
            long share = events / parallelism + (w < events % parallelism ? 1 : 0);
            int writerIndex = w;
            threads.add(new Thread(() -> {
                try (EventStreamClientFactory clients = EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                        EventStreamWriter<byte[]> writer = clients.createEventWriter(
                                stream.getStreamName(), new ByteArraySerializer(), EventWriterConfig.builder().build())) {
                    for (long i = 0; i < share; i++) {
                        writer.writeEvent("key-" + writerIndex + "-" + (i % 16), Payload.create(eventSize));
                        if (i % 1000 == 999) {
                            SteadyStateMeter.add(1000);
                        }
                    }
                    writer.flush();
                    SteadyStateMeter.add(share % 1000);
                }
            }, "raw-writer-" + w));
        }
        runAll(threads);
    }

    /** A reader group with {@code parallelism} readers on threads of their own. */
    static void read(ClientConfig clientConfig, Stream stream, long events, int parallelism) throws InterruptedException {
        String group = "raw-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (ReaderGroupManager groups = ReaderGroupManager.withScope(stream.getScope(), clientConfig);
                EventStreamClientFactory clients = EventStreamClientFactory.withScope(stream.getScope(), clientConfig)) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(stream).build());
            SteadyStateMeter.reset(events);
            List<Thread> threads = new ArrayList<>();
            for (int r = 0; r < parallelism; r++) {
                String readerId = "reader-" + r;
                threads.add(new Thread(() -> {
                    try (EventStreamReader<byte[]> reader = clients.createReader(
                            readerId, group, new ByteArraySerializer(), ReaderConfig.builder().build())) {
                        while (!SteadyStateMeter.done()) {
                            EventRead<byte[]> read = reader.readNextEvent(500);
                            if (read.getEvent() != null) {
                                SteadyStateMeter.add(1);
                            }
                        }
                    }
                }, readerId));
            }
            runAll(threads);
            groups.deleteReaderGroup(group);
        }
    }

    /** The batch client: the stream's segment ranges, shared out over {@code parallelism} threads. */
    static void readBatch(ClientConfig clientConfig, Stream stream, long events, int parallelism)
            throws InterruptedException {
        try (BatchClientFactory batch = BatchClientFactory.withScope(stream.getScope(), clientConfig)) {
            List<SegmentRange> ranges = new ArrayList<>();
            batch.getSegments(stream, StreamCut.UNBOUNDED, StreamCut.UNBOUNDED).getIterator().forEachRemaining(ranges::add);
            SteadyStateMeter.reset(events);
            List<Thread> threads = new ArrayList<>();
            for (int r = 0; r < parallelism; r++) {
                int first = r;
                threads.add(new Thread(() -> {
                    for (int i = first; i < ranges.size(); i += parallelism) {
                        try (SegmentIterator<byte[]> segment = batch.readSegment(ranges.get(i), new ByteArraySerializer())) {
                            while (segment.hasNext()) {
                                segment.next();
                                SteadyStateMeter.add(1);
                            }
                        }
                    }
                }, "raw-batch-reader-" + r));
            }
            runAll(threads);
        }
    }

    private static void runAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
