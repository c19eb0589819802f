package io.pravega.connectors.flink.utils;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

/**
 * Reads back the integers in a stream with the raw client (committed events only, as any
 * Pravega reader sees them) and checks them: each of 0..N-1 once, and in order per key.
 */
public final class StreamContents {

    public final List<Integer> values;
    public final int distinct;
    public final int duplicates;
    public final int outOfRange;
    public final int outOfOrder;

    private StreamContents(List<Integer> values, int expected) {
        this.values = values;
        SequenceCheck check = new SequenceCheck(expected);
        int dups = 0;
        int range = 0;
        int order = 0;
        for (int value : values) {
            if (!check.inRange(value)) {
                range++;
                continue;
            }
            if (check.seenBefore(value)) {
                dups++;
            }
            if (check.outOfKeyOrder(value)) {
                order++;
            }
        }
        this.distinct = check.distinct();
        this.duplicates = dups;
        this.outOfRange = range;
        this.outOfOrder = order;
    }

    /**
     * Reads with one reader until {@code expected} distinct values arrived (or the deadline
     * passed), then for one more quiet second, so that duplicates show up too.
     */
    public static StreamContents read(ClientConfig clientConfig, Stream stream, int expected, Duration deadline) {
        String group = "check-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> values = new ArrayList<>();
        try (ReaderGroupManager groups = ReaderGroupManager.withScope(stream.getScope(), clientConfig);
                EventStreamClientFactory clients = EventStreamClientFactory.withScope(stream.getScope(), clientConfig)) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(stream).groupRefreshTimeMillis(100).build());
            try (EventStreamReader<Integer> reader = clients.createReader(
                    "check", group, new IntegerSerializer(), ReaderConfig.builder().build())) {
                long end = System.nanoTime() + deadline.toNanos();
                BitSet seen = new BitSet();
                long quietSince = -1;
                while (System.nanoTime() < end) {
                    EventRead<Integer> read = reader.readNextEvent(200);
                    if (read.getEvent() != null) {
                        values.add(read.getEvent());
                        seen.set(read.getEvent());
                        quietSince = -1;
                    } else if (!read.isCheckpoint() && seen.cardinality() >= expected) {
                        if (quietSince < 0) {
                            quietSince = System.nanoTime();
                        } else if (System.nanoTime() - quietSince > Duration.ofSeconds(1).toNanos()) {
                            break;
                        }
                    }
                }
            } finally {
                groups.deleteReaderGroup(group);
            }
        }
        return new StreamContents(values, expected);
    }

    @Override
    public String toString() {
        return "read " + values.size() + ", distinct " + distinct + ", duplicates " + duplicates + ", out of order "
                + outOfOrder + ", out of range " + outOfRange;
    }
}
