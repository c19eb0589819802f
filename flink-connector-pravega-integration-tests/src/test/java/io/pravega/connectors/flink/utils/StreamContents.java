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
package io.pravega.connectors.flink.utils;

import io.pravega.client.BatchClientFactory;
import io.pravega.client.ClientConfig;
import io.pravega.client.batch.SegmentIterator;
import io.pravega.client.batch.SegmentRange;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Reads back the integers in a stream with the raw client (committed events only, as any Pravega
 * reader sees them) and checks them: each of 0..N-1 once, and in order per key.
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
    public static StreamContents read(
            ClientConfig clientConfig, Stream stream, int expected, Duration deadline) {
        BitSet seen = new BitSet();
        List<Integer> values =
                RawEvents.read(
                        clientConfig,
                        stream,
                        new IntegerSerializer(),
                        events -> {
                            events.stream().filter(v -> v >= 0).forEach(seen::set);
                            return seen.cardinality() >= expected;
                        },
                        deadline);
        return new StreamContents(values, expected);
    }

    /**
     * Reads every event of the stream with the batch client, segment after segment in the order of
     * their ids, which is epoch order (a segment id is its epoch, then its number), so each key's
     * events come in the order they were committed. A plain reader group with automatic checkpoints
     * would wait for its checkpoints at every scale (readers reach a sealed segment's successors
     * only after a checkpoint); the batch client needs none. Reads again until {@code expected}
     * distinct values are there (commits complete asynchronously) or the deadline passed.
     */
    public static StreamContents readSegments(
            ClientConfig clientConfig, Stream stream, int expected, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<Integer> values = new ArrayList<>();
            try (BatchClientFactory batch =
                    BatchClientFactory.withScope(stream.getScope(), clientConfig)) {
                List<SegmentRange> ranges = new ArrayList<>();
                batch.getSegments(stream, StreamCut.UNBOUNDED, StreamCut.UNBOUNDED)
                        .getIterator()
                        .forEachRemaining(ranges::add);
                ranges.sort(Comparator.comparingLong(SegmentRange::getSegmentId));
                for (SegmentRange range : ranges) {
                    try (SegmentIterator<Integer> events =
                            batch.readSegment(range, new IntegerSerializer())) {
                        events.forEachRemaining(values::add);
                    }
                }
            }
            StreamContents contents = new StreamContents(values, expected);
            if (contents.distinct >= expected || System.nanoTime() > end) {
                return contents;
            }
            Thread.sleep(200);
        }
    }

    @Override
    public String toString() {
        return "read "
                + values.size()
                + ", distinct "
                + distinct
                + ", duplicates "
                + duplicates
                + ", out of order "
                + outOfOrder
                + ", out of range "
                + outOfRange;
    }
}
