package io.pravega.connectors.flink.examples;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums each sensor's readings per tumbling event-time window. Pravega keeps the readings of one
 * routing key in order, so a sensor's window is complete when its first reading of a later
 * window (or its end marker) arrives; no watermark has to wait for the slowest segment.
 */
public final class TumblingWindowPerSensor extends KeyedProcessFunction<String, SensorReading, WindowTotal> {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private transient ValueState<WindowTotal> open;

    public TumblingWindowPerSensor(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("open-window", WindowTotal.class));
    }

    @Override
    public void processElement(SensorReading reading, Context context, Collector<WindowTotal> out) throws Exception {
        WindowTotal current = open.value();
        long windowStart = reading.timestamp - Math.floorMod(reading.timestamp, windowMillis);
        if (current != null && (reading.isEndMarker() || windowStart != current.windowStart)) {
            out.collect(current);
            current = null;
        }
        if (reading.isEndMarker()) {
            open.clear();
            return;
        }
        if (current == null) {
            current = new WindowTotal(reading.sensor, windowStart);
        }
        current.add(reading);
        open.update(current);
    }
}
