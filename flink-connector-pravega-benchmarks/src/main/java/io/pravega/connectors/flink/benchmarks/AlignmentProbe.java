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
package io.pravega.connectors.flink.benchmarks;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chained right after the reader: its snapshot runs when the reader's barrier arrives, so the time
 * since the checkpoint was triggered is the time the reader-group handshake took. The slowest
 * subtask of a checkpoint is the moment all readers were aligned.
 */
final class AlignmentProbe<T> implements MapFunction<T, T>, CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Map<Long, Long> MILLIS_PER_CHECKPOINT = new ConcurrentHashMap<>();

    static void reset() {
        MILLIS_PER_CHECKPOINT.clear();
    }

    @Override
    public T map(T value) {
        return value;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        long millis = System.currentTimeMillis() - context.getCheckpointTimestamp();
        MILLIS_PER_CHECKPOINT.merge(context.getCheckpointId(), millis, Math::max);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}

    /** The slowest subtask's time of each checkpoint, in ms. */
    static Percentiles percentiles() {
        return Percentiles.of(
                MILLIS_PER_CHECKPOINT.values().stream().mapToDouble(Long::doubleValue).toArray());
    }
}
