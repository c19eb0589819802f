package io.pravega.connectors.flink.utils;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts every integer 0..N-1 and checks each arrives exactly once and in order per key, in
 * checkpointed state: after a restore it continues from the checkpoint, so a replayed record
 * that was already counted before the checkpoint is a duplicate. Run it with parallelism 1.
 */
public final class ExactlyOnceValidator extends RichMapFunction<Integer, Integer> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();

    /** What a validator saw; shared with the test through a static registry (MiniCluster is in-process). */
    public static final class Result {
        public final CountDownLatch allSeen = new CountDownLatch(1);
        public final AtomicInteger duplicates = new AtomicInteger();
        public final AtomicInteger outOfOrder = new AtomicInteger();
        public final AtomicInteger outOfRange = new AtomicInteger();
        public volatile int distinct;
    }

    private final String name;
    private final int expected;
    private transient BitSet seen;
    private transient int[] lastPerKey;
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
        if (value < 0 || value >= expected) {
            result.outOfRange.incrementAndGet();
            return value;
        }
        if (seen.get(value)) {
            result.duplicates.incrementAndGet();
        } else {
            seen.set(value);
        }
        int key = value % TestEvents.KEYS;
        if (value <= lastPerKey[key]) {
            result.outOfOrder.incrementAndGet();
        }
        lastPerKey[key] = Math.max(lastPerKey[key], value);
        result.distinct = seen.cardinality();
        if (result.distinct == expected) {
            result.allSeen.countDown();
        }
        return value;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        seenState.update(java.util.List.of(seen.toByteArray()));
        orderState.update(java.util.List.of(lastPerKey.clone()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        seenState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("seen", byte[].class));
        orderState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("order", int[].class));
        seen = new BitSet(expected);
        lastPerKey = new int[TestEvents.KEYS];
        java.util.Arrays.fill(lastPerKey, -1);
        for (byte[] bytes : seenState.get()) {
            seen.or(BitSet.valueOf(bytes));
        }
        for (int[] last : orderState.get()) {
            lastPerKey = last.clone();
        }
    }
}
