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

/**
 * One sensor's readings in one event-time window, as a text line {@code
 * sensor,windowStart,count,seqSum,valueSum}; {@code seqSum} lets the verdict check that exactly the
 * right readings went in.
 */
public final class WindowTotal {

    public String sensor;
    public long windowStart;
    public long count;
    public long seqSum;
    public double valueSum;

    public WindowTotal() {}

    public WindowTotal(String sensor, long windowStart) {
        this.sensor = sensor;
        this.windowStart = windowStart;
    }

    void add(SensorReading reading) {
        count++;
        seqSum += reading.seq;
        valueSum += reading.value;
    }

    /** Identifies the window: a second result for the same key is a duplicate. */
    public String key() {
        return sensor + "@" + windowStart;
    }

    public String toLine() {
        return sensor + "," + windowStart + "," + count + "," + seqSum + "," + valueSum;
    }

    public static WindowTotal parse(String line) {
        String[] parts = line.split(",");
        WindowTotal total = new WindowTotal(parts[0], Long.parseLong(parts[1]));
        total.count = Long.parseLong(parts[2]);
        total.seqSum = Long.parseLong(parts[3]);
        total.valueSum = Double.parseDouble(parts[4]);
        return total;
    }
}
