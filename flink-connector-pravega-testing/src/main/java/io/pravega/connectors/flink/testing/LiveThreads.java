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
package io.pravega.connectors.flink.testing;

import org.apache.flink.annotation.Experimental;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A snapshot of this JVM's live threads, for leak checks in tests. Threads of closed clients,
 * executors, clusters and finished jobs die asynchronously, so the waits poll until the count
 * settles or a condition holds.
 *
 * <pre>{@code
 * LiveThreads baseline = LiveThreads.settled(Duration.ofSeconds(1), Duration.ofSeconds(30));
 * ... start and stop things ...
 * LiveThreads after = LiveThreads.await(t -> t.count() <= baseline.count() + 5, Duration.ofSeconds(30));
 * assertThat(after.count()).as("new threads:%n%s", after.newSince(baseline)).isLessThanOrEqualTo(...);
 * }</pre>
 */
@Experimental
public final class LiveThreads {

    private static final Duration POLL = Duration.ofMillis(250);

    /** Name by thread id. */
    private final Map<Long, String> threads;

    private LiveThreads(Map<Long, String> threads) {
        this.threads = threads;
    }

    /** The threads alive now. */
    public static LiveThreads now() {
        Map<Long, String> threads = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            threads.put(thread.getId(), thread.getName());
        }
        return new LiveThreads(threads);
    }

    /** How many threads were alive. */
    public int count() {
        return threads.size();
    }

    /** The names of the threads that were alive, in no particular order. */
    public List<String> names() {
        return new ArrayList<>(threads.values());
    }

    /**
     * Waits until the count has not fallen for {@code quiet}, at most {@code timeout}; returns a
     * new snapshot.
     */
    public static LiveThreads settled(Duration quiet, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        LiveThreads lowest = now();
        long lowestSince = System.nanoTime();
        while (System.nanoTime() - lowestSince < quiet.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            LiveThreads current = now();
            if (current.count() < lowest.count()) {
                lowest = current;
                lowestSince = System.nanoTime();
            }
        }
        return now();
    }

    /**
     * Waits until {@code condition} holds for a snapshot, at most {@code timeout}; returns the last
     * snapshot.
     */
    public static LiveThreads await(Predicate<LiveThreads> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        LiveThreads current = now();
        while (!condition.test(current) && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            current = now();
        }
        return current;
    }

    /**
     * The threads alive here but not in {@code baseline}, counted by kind: the name with ids (hex
     * runs, such as generated reader group names) as '*' and numbers as '#'. A leak repeats one
     * kind of thread, while pools that swap threads add one or two of a kind.
     */
    public Map<String, Integer> newByName(LiveThreads baseline) {
        Map<String, Integer> byName = new TreeMap<>();
        threads.forEach(
                (id, name) -> {
                    if (!baseline.threads.containsKey(id)) {
                        byName.merge(kind(name), 1, Integer::sum);
                    }
                });
        return byName;
    }

    /** {@link #newByName}, one kind per line, for assertion messages. */
    public String newSince(LiveThreads baseline) {
        StringBuilder out = new StringBuilder();
        newByName(baseline)
                .forEach(
                        (name, count) ->
                                out.append("  ")
                                        .append(count)
                                        .append(" x ")
                                        .append(name)
                                        .append('\n'));
        return out.length() == 0 ? "  (none)\n" : out.toString();
    }

    private static String kind(String name) {
        return name.replaceAll("[0-9a-fA-F]{6,}", "*").replaceAll("\\d+", "#");
    }
}
