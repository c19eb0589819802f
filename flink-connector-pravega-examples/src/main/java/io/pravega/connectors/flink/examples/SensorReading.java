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
 * A sensor reading, written to Pravega as a text line {@code sensor,seq,timestamp,value}. The
 * generator ends each sensor with an end marker (seq -1) far in event time, whose watermark closes
 * the last windows; the windows themselves leave the markers out.
 */
public final class SensorReading {

    public String sensor;
    public long seq;
    public long timestamp;
    public double value;

    public SensorReading() {}

    public SensorReading(String sensor, long seq, long timestamp, double value) {
        this.sensor = sensor;
        this.seq = seq;
        this.timestamp = timestamp;
        this.value = value;
    }

    public boolean isEndMarker() {
        return seq < 0;
    }

    public String toLine() {
        return sensor + "," + seq + "," + timestamp + "," + value;
    }

    public static SensorReading parse(String line) {
        String[] parts = line.split(",");
        return new SensorReading(
                parts[0],
                Long.parseLong(parts[1]),
                Long.parseLong(parts[2]),
                Double.parseDouble(parts[3]));
    }
}
