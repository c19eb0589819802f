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
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts every integer 0..N-1 and checks each arrives exactly once and in order per key, in
 * checkpointed state: after a restore it continues from the checkpoint, so a replayed record that
 * was already counted before the checkpoint is a duplicate. Run it with parallelism 1.
 */
public final class ExactlyOnceValidator extends RichMapFunction<Integer, Integer>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();

    /**
     * What a validator saw; shared with the test through a static registry (MiniCluster is
     * in-process).
     */
    public static final class Result {
        public final CountDownLatch allSeen = new CountDownLatch(1);
        public final AtomicInteger duplicates = new AtomicInteger();
        public final AtomicInteger outOfOrder = new AtomicInteger();
        public final AtomicInteger outOfRange = new AtomicInteger();
        public volatile int distinct;

        /**
         * Every one of {@code events} values seen, none twice, none out of per-key order, none
         * unknown.
         */
        public void assertExactlyOnce(int events) {
            assertThat(distinct).as("distinct events").isEqualTo(events);
            assertThat(duplicates.get()).as("duplicates").isZero();
            assertThat(outOfOrder.get()).as("events out of per-key order").isZero();
            assertThat(outOfRange.get()).as("events never written").isZero();
        }
    }

    private final String name;
    private final int expected;
    private transient SequenceCheck check;
    private transient ListState<byte[]> seenState;
    private transient ListState<int[]> orderState;

    public ExactlyOnceValidator(String name, int expected) {
        this.name = name;
        this.expected = expected;
        RESULTS.put(name, new Result());
    }

    public static Result result(String name) {
        return RESULTS.get(name);
    }

    @Override
    public Integer map(Integer value) {
        Result result = RESULTS.get(name);
        if (!check.inRange(value)) {
            result.outOfRange.incrementAndGet();
            return value;
        }
        if (check.seenBefore(value)) {
            result.duplicates.incrementAndGet();
        }
        if (check.outOfKeyOrder(value)) {
            result.outOfOrder.incrementAndGet();
        }
        result.distinct = check.distinct();
        if (result.distinct == expected) {
            result.allSeen.countDown();
        }
        return value;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        seenState.update(java.util.List.of(check.seenBytes()));
        orderState.update(java.util.List.of(check.lastPerKey()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        seenState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("seen", byte[].class));
        orderState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("order", int[].class));
        check = new SequenceCheck(expected);
        for (byte[] bytes : seenState.get()) {
            check.restoreSeen(bytes);
        }
        for (int[] last : orderState.get()) {
            check.restoreLastPerKey(last);
        }
    }
}
