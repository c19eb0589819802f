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

import java.time.Duration;

/**
 * What every latency run writes, the connector's and the raw client's alike: {@code rate} events
 * per second of {@code eventSize} bytes for {@code seconds}, into {@code parallelism} segments read
 * by as many readers.
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
