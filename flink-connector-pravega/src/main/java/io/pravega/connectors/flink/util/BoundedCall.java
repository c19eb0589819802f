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
package io.pravega.connectors.flink.util;

import org.apache.flink.annotation.Internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a Pravega client call on a daemon thread and waits a bounded time for it: the client retries
 * an unreachable controller for minutes, and neither a job start nor a close may hang.
 */
@Internal
public final class BoundedCall {

    private BoundedCall() {}

    public static <T> T call(String threadName, Duration timeout, Callable<T> action)
            throws TimeoutException, ExecutionException, InterruptedException {
        return call(threadName, timeout, action, timeout, () -> null);
    }

    /**
     * Like {@link #call(String, Duration, Callable)}, but once the action has had {@code grace}
     * without an answer, asks {@code whyNoAnswer} once whether waiting on is pointless: an
     * exception it returns ends the wait at once, and is thrown.
     */
    public static <T> T call(
            String threadName,
            Duration timeout,
            Callable<T> action,
            Duration grace,
            Supplier<? extends RuntimeException> whyNoAnswer)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker =
                new Thread(
                        () -> {
                            try {
                                result.complete(action.call());
                            } catch (Throwable t) {
                                result.completeExceptionally(t);
                            }
                        },
                        threadName);
        worker.setDaemon(true);
        worker.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (grace.compareTo(timeout) < 0) {
                try {
                    return result.get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    RuntimeException reason = whyNoAnswer.get();
                    if (reason != null && !result.isDone()) {
                        throw reason;
                    }
                }
            }
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            worker.interrupt();
        }
    }
}
