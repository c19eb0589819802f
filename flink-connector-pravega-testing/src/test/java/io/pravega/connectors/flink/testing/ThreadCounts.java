package io.pravega.connectors.flink.testing;

import java.util.Map;
import java.util.TreeMap;

/** Live thread counts for leak checks: threads of stopped services die asynchronously. */
final class ThreadCounts {

    private ThreadCounts() {}

    /** Waits up to 30 s for the live thread count to stop falling for a second, and returns it. */
    static int stableCount() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int previous = Integer.MAX_VALUE;
        int count = liveThreads();
        while (count < previous && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            previous = count;
            count = liveThreads();
        }
        return count;
    }

    /** Waits up to 30 s for the live thread count to drop to {@code target}, and returns it. */
    static int settledCount(int target) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int count = liveThreads();
        while (count > target && System.nanoTime() < deadline) {
            Thread.sleep(250);
            count = liveThreads();
        }
        return count;
    }

    static int liveThreads() {
        return Thread.getAllStackTraces().size();
    }

    /** Live threads grouped by name without digits, to show what leaked. */
    static String dump() {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            byName.merge(thread.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        byName.forEach((name, count) -> out.append("  ").append(count).append(" x ").append(name).append('\n'));
        return out.toString();
    }
}
