package io.pravega.connectors.flink.examples;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Sums one sensor's readings in one event-time window. */
final class SumPerWindow extends ProcessWindowFunction<SensorReading, WindowTotal, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    @Override
    public void process(String sensor, Context context, Iterable<SensorReading> readings, Collector<WindowTotal> out) {
        WindowTotal total = new WindowTotal(sensor, context.window().getStart());
        for (SensorReading reading : readings) {
            total.add(reading);
        }
        out.collect(total);
    }
}
