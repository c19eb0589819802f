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

import io.pravega.connectors.flink.testing.FaultInjectingProxy;
import io.pravega.connectors.flink.testing.NetworkFaults;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Injects one network fault at a time between the soak's clients (jobs and validators) and the
 * embedded Pravega, at random (seeded) intervals, and clears it afterwards. Each fault is logged
 * when it starts and ends.
 */
final class SoakFaults implements AutoCloseable {

    enum Kind {
        PARTITION(30),
        LONG_PARTITION(5),
        RESET_BURST(20),
        LATENCY(15),
        BLACK_HOLE(15),
        BANDWIDTH(15);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        /** The option's spelling: long-partition. */
        String option() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static String names() {
            java.util.StringJoiner names = new java.util.StringJoiner(",");
            for (Kind kind : values()) {
                names.add(kind.option());
            }
            return names.toString();
        }

        /** Comma-separated option spellings; empty: all kinds. */
        static java.util.Set<Kind> parse(String list) {
            java.util.Set<Kind> kinds = java.util.EnumSet.noneOf(Kind.class);
            for (String name : list.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                Kind found = null;
                for (Kind kind : values()) {
                    if (kind.option().equals(name.trim())) {
                        found = kind;
                    }
                }
                if (found == null) {
                    throw new IllegalArgumentException(
                            "Unknown fault '" + name + "'; known: " + names());
                }
                kinds.add(found);
            }
            return kinds.isEmpty() ? java.util.EnumSet.allOf(Kind.class) : kinds;
        }
    }

    private final NetworkFaults faults;
    private final java.util.Set<Kind> kinds;
    private final Random random;
    private final Thread thread;
    private final Map<Kind, Integer> injected = new TreeMap<>();
    private volatile String current = "none";

    SoakFaults(NetworkFaults faults, long seed, java.util.Set<Kind> kinds) {
        this.faults = faults;
        this.kinds = kinds;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "soak-faults");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The fault in progress, for the status line. */
    String current() {
        return current;
    }

    /** How many faults of each kind started. */
    synchronized Map<Kind, Integer> injected() {
        return new TreeMap<>(injected);
    }

    private void run() {
        try {
            while (true) {
                Thread.sleep(seconds(20, 60) * 1_000L);
                inject(pick());
            }
        } catch (InterruptedException e) {
            // Stopped.
        } finally {
            faults.clear();
            current = "none";
        }
    }

    private Kind pick() {
        int total = 0;
        for (Kind kind : kinds) {
            total += kind.weight;
        }
        int draw = random.nextInt(total);
        for (Kind kind : kinds) {
            draw -= kind.weight;
            if (draw < 0) {
                return kind;
            }
        }
        throw new AssertionError();
    }

    private void inject(Kind kind) throws InterruptedException {
        synchronized (this) {
            injected.merge(kind, 1, Integer::sum);
        }
        String description;
        long start = System.nanoTime();
        try {
            switch (kind) {
                case PARTITION:
                    {
                        int s = seconds(5, 20);
                        description = "partition " + s + " s";
                        begin(description);
                        faults.partition();
                        Thread.sleep(s * 1_000L);
                        break;
                    }
                case LONG_PARTITION:
                    {
                        int s = seconds(55, 65);
                        description = "long partition " + s + " s";
                        begin(description);
                        faults.partition();
                        Thread.sleep(s * 1_000L);
                        break;
                    }
                case RESET_BURST:
                    {
                        description = "connection resets every 2 s for 20 s";
                        begin(description);
                        int reset = 0;
                        for (int i = 0; i < 10; i++) {
                            reset += faults.resetConnections();
                            Thread.sleep(2_000);
                        }
                        description += " (" + reset + " connections reset)";
                        break;
                    }
                case LATENCY:
                    description = "latency 200 ms each way for 30 s";
                    begin(description);
                    faults.setLatency(Duration.ofMillis(200));
                    Thread.sleep(30_000);
                    break;
                case BLACK_HOLE:
                    {
                        FaultInjectingProxy.Direction direction =
                                random.nextBoolean()
                                        ? FaultInjectingProxy.Direction.TO_TARGET
                                        : FaultInjectingProxy.Direction.FROM_TARGET;
                        description = "segment store black hole " + direction + " for 10 s";
                        begin(description);
                        faults.segmentStore().blackHole(direction);
                        Thread.sleep(10_000);
                        break;
                    }
                case BANDWIDTH:
                    description = "bandwidth 200 kB/s each way for 30 s";
                    begin(description);
                    faults.setBandwidth(200_000);
                    Thread.sleep(30_000);
                    break;
                default:
                    throw new IllegalArgumentException(kind.toString());
            }
        } finally {
            faults.clear();
            current = "none";
        }
        Soak.log(
                "fault ended:   %s (cleared after %d s)",
                description, (System.nanoTime() - start) / 1_000_000_000L);
    }

    private void begin(String description) {
        current = description;
        Soak.log("fault started: %s", description);
    }

    private int seconds(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** Stops injecting: a fault in progress ends at once, and the network is cleared. */
    @Override
    public void close() throws InterruptedException {
        String cut = current;
        thread.interrupt();
        thread.join(10_000);
        faults.clear();
        if (!"none".equals(cut)) {
            Soak.log("fault cut short at the end of the run: %s", cut);
        }
    }
}
