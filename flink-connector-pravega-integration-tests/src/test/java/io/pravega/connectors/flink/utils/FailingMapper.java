package io.pravega.connectors.flink.utils;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Throws once, in the first subtask that has passed {@code failAfter} records; if asked, only
 * records after a completed checkpoint count, so that the job restores from that checkpoint with
 * records after it already emitted downstream.
 */
public final class FailingMapper<T> extends RichMapFunction<T, T> implements CheckpointListener {

    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicBoolean> CHECKPOINTED = new ConcurrentHashMap<>();

    private final String name;
    private final int failAfter;
    private final boolean afterCheckpoint;
    private transient int count;
    private transient volatile boolean checkpointCompleted;

    public FailingMapper(String name, int failAfter, boolean afterCheckpoint) {
        this.name = name;
        this.failAfter = failAfter;
        this.afterCheckpoint = afterCheckpoint;
        FAILED.put(name, new AtomicBoolean());
        CHECKPOINTED.put(name, new AtomicBoolean());
    }

    /** Whether a checkpoint completed in subtask 0 of the mapper. */
    public static boolean hasCheckpointed(String name) {
        return CHECKPOINTED.get(name).get();
    }

    public static boolean hasFailed(String name) {
        return FAILED.get(name).get();
    }

    @Override
    public T map(T value) {
        count++;
        // Any subtask: Pravega may give subtask 0 no segment at all.
        if (count >= failAfter
                && (!afterCheckpoint || checkpointCompleted)
                && FAILED.get(name).compareAndSet(false, true)) {
            throw new IllegalStateException("Injected failure after " + count + " records");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (!checkpointCompleted) {
            count = 0;
        }
        checkpointCompleted = true;
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            CHECKPOINTED.get(name).set(true);
        }
    }
}
