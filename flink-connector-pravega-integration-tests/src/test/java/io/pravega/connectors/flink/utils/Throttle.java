package io.pravega.connectors.flink.utils;

import org.apache.flink.api.common.functions.MapFunction;

import java.util.concurrent.atomic.AtomicInteger;

/** Sleeps 1 ms every {@code every} records, so that checkpoints happen during a job; counts records. */
public final class Throttle<T> implements MapFunction<T, T> {

    private static final long serialVersionUID = 1L;

    /** Records passed in this JVM, over all instances; reset it before a test that reads it. */
    public static final AtomicInteger PASSED = new AtomicInteger();

    private final int every;
    private int count;

    public Throttle(int every) {
        this.every = every;
    }

    @Override
    public T map(T value) throws Exception {
        PASSED.incrementAndGet();
        if (++count % every == 0) {
            Thread.sleep(1);
        }
        return value;
    }
}
