package io.pravega.connectors.flink.benchmarks;

import java.time.Duration;

/**
 * What every latency run writes, the connector's and the raw client's alike: {@code rate} events
 * per second of {@code eventSize} bytes for {@code seconds}, into {@code parallelism} segments
 * read by as many readers.
 */
record LatencyLoad(int rate, int seconds, int parallelism, int eventSize) {

    int events() {
        return rate * seconds;
    }

    /** The first fifth of the arrivals is warm-up: job start, reader-group joins, JIT. */
    int warmUpEvents() {
        return events() / 5;
    }

    Duration arrivalTimeout() {
        return Duration.ofSeconds(seconds + 60L);
    }
}
