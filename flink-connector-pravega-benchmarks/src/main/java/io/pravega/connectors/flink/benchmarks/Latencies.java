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

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end latencies in arrival order, from the connector's job and from the raw readers alike.
 * Static, because Flink's local cluster runs the recording function in this JVM.
 */
final class Latencies {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static double[] values = new double[0];

    private Latencies() {}

    static void reset(int expected) {
        // Room for duplicates (at-least-once reads) without growing while measuring.
        values = new double[expected * 2];
        COUNT.set(0);
    }

    /** Called once per event read; the event carries its creation time ({@link Payload}). */
    static void recordArrival(byte[] event) {
        double millis = (System.nanoTime() - Payload.createdNanos(event)) / 1e6;
        int index = COUNT.getAndIncrement();
        if (index < values.length) {
            values[index] = millis;
        }
    }

    /** Until every event of the load arrived, or it had a minute more than its duration. */
    static void awaitArrivals(LatencyLoad load) throws InterruptedException {
        long deadline = System.nanoTime() + load.arrivalTimeout().toNanos();
        while (COUNT.get() < load.events() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    static Percentiles afterWarmUp(LatencyLoad load) {
        int count = Math.min(COUNT.get(), values.length);
        return Percentiles.of(
                Arrays.copyOfRange(values, Math.min(load.warmUpEvents(), count), count));
    }
}
