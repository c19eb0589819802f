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

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Counts records and completed checkpoints, notes restarts, and throws once if its fault says so.
 */
public final class Faults<T> extends RichMapFunction<T, T> implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Fault fault;
    private transient Probe probe;
    private transient long count;
    private transient boolean checkpointed;

    public Faults(String name, Fault fault) {
        this.name = name;
        this.fault = fault;
    }

    @Override
    public void open(OpenContext openContext) {
        probe = Probe.of(name);
        if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) {
            probe.restarted.set(true);
            if (probe.recordsAtFault < 0) {
                probe.recordsAtFault = probe.records.get();
            }
        }
    }

    @Override
    public T map(T value) {
        probe.records.incrementAndGet();
        count++;
        if (fault.due(count, checkpointed) && probe.failed.compareAndSet(false, true)) {
            probe.checkpointAtFailure = probe.lastCheckpoint.get();
            probe.recordsAtFault = probe.records.get();
            throw new IllegalStateException("Injected failure after " + count + " records");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        probe.completedCheckpoints.add(checkpointId);
        probe.lastCheckpoint.accumulateAndGet(checkpointId, Math::max);
        if (!checkpointed) {
            count = 0; // after a checkpoint, count from it
        }
        checkpointed = true;
    }
}
