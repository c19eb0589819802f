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

import java.util.Arrays;
import java.util.BitSet;

/**
 * Tracks the integers 0..N-1 as they arrive: which were seen, and the largest seen per key ({@code
 * value % TestEvents.KEYS}), so that repeats and per-key reordering show up.
 */
public final class SequenceCheck {

    private final int expected;
    private final BitSet seen;
    private final int[] lastPerKey;

    public SequenceCheck(int expected) {
        this.expected = expected;
        this.seen = new BitSet(expected);
        this.lastPerKey = new int[TestEvents.KEYS];
        Arrays.fill(lastPerKey, -1);
    }

    public boolean inRange(int value) {
        return value >= 0 && value < expected;
    }

    /** Marks the value seen; true if it had been seen before. */
    public boolean seenBefore(int value) {
        boolean before = seen.get(value);
        seen.set(value);
        return before;
    }

    /** Notes the value for its key; true if a larger value of the same key came first. */
    public boolean outOfKeyOrder(int value) {
        int key = value % TestEvents.KEYS;
        boolean outOfOrder = value <= lastPerKey[key];
        lastPerKey[key] = Math.max(lastPerKey[key], value);
        return outOfOrder;
    }

    public int distinct() {
        return seen.cardinality();
    }

    /** For checkpointed state. */
    public byte[] seenBytes() {
        return seen.toByteArray();
    }

    public int[] lastPerKey() {
        return lastPerKey.clone();
    }

    /** Adds what {@link #seenBytes} saved. */
    public void restoreSeen(byte[] seenBytes) {
        seen.or(BitSet.valueOf(seenBytes));
    }

    /** Restores what {@link #lastPerKey()} saved. */
    public void restoreLastPerKey(int[] last) {
        System.arraycopy(last, 0, lastPerKey, 0, lastPerKey.length);
    }
}
