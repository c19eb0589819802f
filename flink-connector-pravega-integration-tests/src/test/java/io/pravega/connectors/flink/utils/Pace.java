package io.pravega.connectors.flink.utils;

import org.apache.flink.api.common.functions.MapFunction;

/** Lets records pass at a steady rate per subtask, e.g. to keep a stream's event rate known. */
public final class Pace<T> implements MapFunction<T, T> {

    private static final long serialVersionUID = 1L;

    private final double nanosPerRecord;
    private transient long next;

    public Pace(int recordsPerSecond) {
        this.nanosPerRecord = 1e9 / recordsPerSecond;
    }

    @Override
    public T map(T value) throws Exception {
        long now = System.nanoTime();
        if (next == 0) {
            next = now;
        }
        if (next > now) {
            Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
        }
        next += (long) nanosPerRecord;
        return value;
    }
}
