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
 *
 * <p>When only records after a checkpoint count, records are held back (2 ms each) until the job's
 * first checkpoint completes: otherwise a fast source can emit everything before that checkpoint on
 * a slow machine, and the failure would never happen.
 */
public final class FailingMapper<T> extends RichMapFunction<T, T> implements CheckpointListener {

    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicBoolean> CHECKPOINTED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicBoolean> ANY_CHECKPOINTED = new ConcurrentHashMap<>();

    private static final long HOLD_BACK_MILLIS = 2;

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
        ANY_CHECKPOINTED.put(name, new AtomicBoolean());
    }

    /** Whether a checkpoint completed in subtask 0 of the mapper. */
    public static boolean hasCheckpointed(String name) {
        return CHECKPOINTED.get(name).get();
    }

    public static boolean hasFailed(String name) {
        return FAILED.get(name).get();
    }

    @Override
    public T map(T value) throws InterruptedException {
        if (afterCheckpoint && !ANY_CHECKPOINTED.get(name).get()) {
            Thread.sleep(HOLD_BACK_MILLIS);
        }
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
        ANY_CHECKPOINTED.get(name).set(true);
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            CHECKPOINTED.get(name).set(true);
        }
    }
}
