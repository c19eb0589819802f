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
package io.pravega.connectors.flink.sink.internal;

import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long one write to Pravega may block the task.
 *
 * <p>The client blocks a write while it reconnects a segment writer; with Pravega gone that is a
 * whole retry cycle, which the controller's own retries stretch to several minutes. It then reports
 * the failure only through the event's acknowledgement, and the next write blocks just as long, so
 * the task would stand still and no checkpoint could complete. A write that blocks longer than the
 * bound is interrupted (the client waits for its connection interruptibly) and fails the task,
 * which restarts from its last checkpoint.
 */
@Internal
final class StalledWriteWatchdog implements AutoCloseable {

    static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

    /** A write that may throw one checked exception of its own, e.g. {@code TxnFailedException}. */
    interface Write<T, E extends Exception> {
        T run() throws E;
    }

    private final Duration bound;
    private final String what;
    private final String advice;
    private final ScheduledExecutorService timer;

    private final Object lock = new Object();
    private Thread writing; // guarded by lock
    private long startedNanos; // guarded by lock
    private boolean interrupted; // guarded by lock

    /**
     * {@code what} names what is written to, and {@code advice} says what to do, for the error
     * message.
     */
    StalledWriteWatchdog(Duration bound, String what, String advice) {
        this.bound = bound;
        this.what = what;
        this.advice = advice;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        PravegaClients.daemonThreads("pravega-write-watchdog"));
        long periodMs = Math.max(10, Math.min(1000, bound.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::check, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code write} on this thread and returns its result; if it blocks past the bound, it
     * fails with an {@link IOException}.
     */
    <T, E extends Exception> T write(Write<T, E> write) throws IOException, E {
        synchronized (lock) {
            writing = Thread.currentThread();
            startedNanos = System.nanoTime();
        }
        T result = null;
        Exception failure = null;
        try {
            result = write.run();
        } catch (Exception e) {
            failure = e;
        }
        long blockedNanos;
        synchronized (lock) {
            writing = null;
            if (!interrupted) {
                if (failure != null) {
                    throw StalledWriteWatchdog.<E>sneaky(failure);
                }
                return result;
            }
            interrupted = false;
            Thread.interrupted(); // ours, not Flink's: clear it before the task goes on
            blockedNanos = System.nanoTime() - startedNanos;
        }
        IOException stalled =
                new IOException(
                        "A write to "
                                + what
                                + " blocked for "
                                + TimeUnit.NANOSECONDS.toSeconds(blockedNanos)
                                + " s (the limit is "
                                + bound.toSeconds()
                                + " s). "
                                + advice);
        if (failure != null) {
            stalled.addSuppressed(failure);
        }
        throw stalled;
    }

    private void check() {
        synchronized (lock) {
            if (writing != null
                    && !interrupted
                    && System.nanoTime() - startedNanos > bound.toNanos()) {
                interrupted = true;
                writing.interrupt();
            }
        }
    }

    /** The advice for a writer that lost Pravega. */
    static String unreachableAdvice(URI controllerUri) {
        return "The writer could not reach Pravega at "
                + controllerUri
                + ". The job restarts from its last "
                + "checkpoint, so nothing before it is lost. Check that Pravega runs and is "
                + "reachable at that "
                + "controller URI.";
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> RuntimeException sneaky(Exception e) throws E {
        throw (E) e;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
