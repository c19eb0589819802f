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

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sleeps 1 ms every {@code every} records, so that checkpoints happen during a job; counts records.
 */
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
