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

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Sums one sensor's readings in one event-time window. */
final class SumPerWindow
        extends ProcessWindowFunction<SensorReading, WindowTotal, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    @Override
    public void process(
            String sensor,
            Context context,
            Iterable<SensorReading> readings,
            Collector<WindowTotal> out) {
        WindowTotal total = new WindowTotal(sensor, context.window().getStart());
        for (SensorReading reading : readings) {
            total.add(reading);
        }
        out.collect(total);
    }
}
