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
package io.pravega.connectors.flink.examples;

import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns 0..events+sensors-1 into readings at a steady rate: reading {@code i} belongs to sensor
 * {@code i % sensors}, and each sensor reads every 100 ms of event time. The last {@code sensors}
 * numbers become the sensors' end markers.
 */
final class SensorGenerator implements MapFunction<Long, SensorReading> {

    private static final long serialVersionUID = 1L;
    static final long START_TIME = 1_700_000_000_000L;
    static final long INTERVAL_MILLIS = 100;

    private final long events;
    private final int sensors;
    private final long nanosPerEvent;
    private transient long next;

    SensorGenerator(long events, int sensors, int eventsPerSecond) {
        this.events = events;
        this.sensors = sensors;
        this.nanosPerEvent = 1_000_000_000L / Math.max(1, eventsPerSecond);
    }

    @Override
    public SensorReading map(Long i) throws Exception {
        if (next == 0) {
            next = System.nanoTime();
        }
        next += nanosPerEvent;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        if (i >= events) {
            return new SensorReading(sensor(i - events), -1, Long.MAX_VALUE / 2, 0);
        }
        DemoProgress.GENERATED.incrementAndGet();
        return new SensorReading(sensor(i), i, timestamp(i), (i * 7919 % 1000) / 10.0);
    }

    String sensor(long i) {
        return "sensor-" + (i % sensors);
    }

    long timestamp(long i) {
        return START_TIME + (i / sensors) * INTERVAL_MILLIS;
    }
}
