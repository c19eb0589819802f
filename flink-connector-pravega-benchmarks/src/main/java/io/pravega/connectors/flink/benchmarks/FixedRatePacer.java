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

import java.io.Serializable;

/**
 * Paces a loop to a fixed number of events per second against a schedule, not against the last
 * event, so that sleeps longer than asked (the OS rounds to ~1 ms) are caught up at once.
 * Serializable so that a Flink function can carry it.
 */
final class FixedRatePacer implements Serializable {

    private static final long serialVersionUID = 1L;
    private final long nanosPerEvent;
    private transient long next;

    FixedRatePacer(int eventsPerSecond) {
        this.nanosPerEvent = 1_000_000_000L / eventsPerSecond;
    }

    /** Returns when the next event is due. */
    void awaitNext() throws InterruptedException {
        if (next == 0) {
            next = System.nanoTime();
        }
        next += nanosPerEvent;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
