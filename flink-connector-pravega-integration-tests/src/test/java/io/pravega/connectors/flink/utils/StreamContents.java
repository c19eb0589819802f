package io.pravega.connectors.flink.utils;

import io.pravega.client.ClientConfig;
import io.pravega.client.stream.Stream;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;

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
        BitSet seen = new BitSet();
        List<Integer> values = RawEvents.read(clientConfig, stream, new IntegerSerializer(), events -> {
            events.stream().filter(v -> v >= 0).forEach(seen::set);
            return seen.cardinality() >= expected;
        }, deadline);
        return new StreamContents(values, expected);
    }

    @Override
    public String toString() {
        return "read " + values.size() + ", distinct " + distinct + ", duplicates " + duplicates + ", out of order "
                + outOfOrder + ", out of range " + outOfRange;
    }
}
