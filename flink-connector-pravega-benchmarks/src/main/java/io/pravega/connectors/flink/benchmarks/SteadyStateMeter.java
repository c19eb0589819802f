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

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts events and times the steady part of a run: the rate is taken between 10% and 90% of the
 * expected count, so start-up (job submission, reader-group joins) and the tail are left out.
 * Static, because Flink's local cluster runs the measured functions in this JVM.
 */
final class SteadyStateMeter {

    private static final AtomicLong COUNT = new AtomicLong();
    private static volatile long expected;
    private static volatile long startNanos;
    private static volatile long windowStartNanos;
    private static volatile long windowEndNanos;
    private static volatile long doneNanos;

    private SteadyStateMeter() {}

    static void reset(long expectedEvents) {
        COUNT.set(0);
        expected = expectedEvents;
        windowStartNanos = 0;
        windowEndNanos = 0;
        doneNanos = 0;
        startNanos = System.nanoTime();
    }

    static void add(long events) {
        long before = COUNT.getAndAdd(events);
        long after = before + events;
        long now = System.nanoTime();
        if (before < expected / 10 && after >= expected / 10) {
            windowStartNanos = now;
        }
        if (before < expected * 9 / 10 && after >= expected * 9 / 10) {
            windowEndNanos = now;
        }
        if (before < expected && after >= expected) {
            doneNanos = now;
        }
    }

    static boolean done() {
        return doneNanos != 0;
    }

    static long count() {
        return COUNT.get();
    }

    /** Events per second in the steady window. */
    static double steadyRate() {
        return (expected * 8 / 10) / ((windowEndNanos - windowStartNanos) / 1e9);
    }

    /** Seconds from reset to the last expected event. */
    static double totalSeconds() {
        return (doneNanos - startNanos) / 1e9;
    }
}
