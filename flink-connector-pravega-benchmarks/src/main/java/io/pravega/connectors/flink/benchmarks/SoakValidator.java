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

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads a stream of {@code long} values from its head with the plain Pravega client (its own reader
 * group, one reader, so committed events only) and records every value once in a bit set; a value
 * seen again is a duplicate. The client goes through the same fault-injecting proxies as the jobs:
 * when its reader fails, or when {@link #reread} asks, it starts over from the head with a fresh
 * reader group and empty state, so that it never reports a false duplicate.
 */
final class SoakValidator implements AutoCloseable {

    /** How many duplicated values to keep for the report. */
    private static final int KEEP = 20;

    private final String name;
    private final ClientConfig clientConfig;
    private final Stream stream;
    private final Thread thread;

    // Guarded by this.
    private BitSet seen = new BitSet();
    private long distinct;
    private long duplicates;
    private long outOfRange;
    private long max = -1;
    private long lastEventNanos = System.nanoTime();
    private final List<Long> duplicated = new ArrayList<>();
    private int rereads;
    private String lastRereadReason;

    private volatile boolean rereadRequested;
    private volatile boolean closed;

    SoakValidator(String name, ClientConfig clientConfig, Stream stream) {
        this.name = name;
        this.clientConfig = clientConfig;
        this.stream = stream;
        this.thread = new Thread(this::run, "soak-validator-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** What was read so far. */
    synchronized Snapshot snapshot() {
        return new Snapshot(
                (BitSet) seen.clone(),
                distinct,
                duplicates,
                outOfRange,
                max,
                (System.nanoTime() - lastEventNanos) / 1_000_000_000L,
                new ArrayList<>(duplicated),
                rereads,
                lastRereadReason);
    }

    /** Starts over from the head, e.g. when the reader seems stuck. */
    void reread() {
        rereadRequested = true;
    }

    private void run() {
        int generation = 0;
        while (!closed) {
            String group = "soak-validate-" + name + "-" + (++generation);
            try (ReaderGroupManager groups =
                            ReaderGroupManager.withScope(stream.getScope(), clientConfig);
                    EventStreamClientFactory clients =
                            EventStreamClientFactory.withScope(stream.getScope(), clientConfig)) {
                groups.createReaderGroup(
                        group,
                        ReaderGroupConfig.builder().stream(stream)
                                .disableAutomaticCheckpoints()
                                .build());
                try (EventStreamReader<Long> reader =
                        clients.createReader(
                                "validator",
                                group,
                                new Soak.LongSerializer(),
                                ReaderConfig.builder().build())) {
                    while (!closed && !rereadRequested) {
                        EventRead<Long> read = reader.readNextEvent(1_000);
                        if (read.getEvent() != null) {
                            record(read.getEvent());
                        }
                    }
                } finally {
                    try {
                        groups.deleteReaderGroup(group);
                    } catch (RuntimeException e) {
                        // Best effort: the group is abandoned either way.
                    }
                }
                if (rereadRequested && !closed) {
                    startOver("asked to re-read (no progress)");
                }
            } catch (Throwable t) {
                if (closed) {
                    return;
                }
                startOver(t.getClass().getSimpleName() + ": " + t.getMessage());
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private synchronized void record(long value) {
        lastEventNanos = System.nanoTime();
        if (value < 0 || value > Integer.MAX_VALUE - 1) {
            outOfRange++;
            return;
        }
        int index = (int) value;
        if (seen.get(index)) {
            duplicates++;
            if (duplicated.size() < KEEP) {
                duplicated.add(value);
            }
        } else {
            seen.set(index);
            distinct++;
            max = Math.max(max, value);
        }
    }

    private synchronized void startOver(String reason) {
        rereadRequested = false;
        rereads++;
        lastRereadReason = reason;
        seen = new BitSet();
        distinct = 0;
        duplicates = 0;
        outOfRange = 0;
        max = -1;
        duplicated.clear();
        lastEventNanos = System.nanoTime();
        Soak.log("validator[%s] starts over from the head: %s", name, reason);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(30_000);
    }

    /** A copy of the state at one moment. */
    static final class Snapshot {
        final BitSet seen;
        final long distinct;
        final long duplicates;
        final long outOfRange;
        final long max;
        final long secondsSinceLastEvent;
        final List<Long> duplicated;
        final int rereads;
        final String lastRereadReason;

        Snapshot(
                BitSet seen,
                long distinct,
                long duplicates,
                long outOfRange,
                long max,
                long secondsSinceLastEvent,
                List<Long> duplicated,
                int rereads,
                String lastRereadReason) {
            this.seen = seen;
            this.distinct = distinct;
            this.duplicates = duplicates;
            this.outOfRange = outOfRange;
            this.max = max;
            this.secondsSinceLastEvent = secondsSinceLastEvent;
            this.duplicated = duplicated;
            this.rereads = rereads;
            this.lastRereadReason = lastRereadReason;
        }

        /** Values below the highest one that have not arrived. */
        long gaps() {
            return max + 1 - distinct;
        }

        /** Values in {@code expected} that are not here. */
        long missingOf(Snapshot expected) {
            BitSet missing = (BitSet) expected.seen.clone();
            missing.andNot(seen);
            return missing.cardinality();
        }

        /** Up to {@code limit} values in {@code expected} that are not here. */
        List<Long> firstMissingOf(Snapshot expected, int limit) {
            BitSet missing = (BitSet) expected.seen.clone();
            missing.andNot(seen);
            List<Long> values = new ArrayList<>();
            for (int i = missing.nextSetBit(0); i >= 0 && values.size() < limit; ) {
                values.add((long) i);
                i = missing.nextSetBit(i + 1);
            }
            return values;
        }

        /** Values below the highest one that are missing, up to {@code limit}. */
        List<Long> firstGaps(int limit) {
            List<Long> values = new ArrayList<>();
            for (int i = seen.nextClearBit(0); i <= max && values.size() < limit; ) {
                values.add((long) i);
                i = seen.nextClearBit(i + 1);
            }
            return values;
        }
    }
}
