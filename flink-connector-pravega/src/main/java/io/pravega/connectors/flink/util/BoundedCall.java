package io.pravega.connectors.flink.util;

import org.apache.flink.annotation.Internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a Pravega client call on a daemon thread and waits a bounded time for it: the client
 * retries an unreachable controller for minutes, and neither a job start nor a close may hang.
 */
@Internal
public final class BoundedCall {

    private BoundedCall() {}

    public static <T> T call(String threadName, Duration timeout, Callable<T> action)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, threadName);
        worker.setDaemon(true);
        worker.start();
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            worker.interrupt();
        }
    }
}
