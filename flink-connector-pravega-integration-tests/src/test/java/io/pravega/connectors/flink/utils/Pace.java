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
