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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs Pravega client calls on daemon threads and waits a bounded time for each: the client retries
 * an unreachable controller for minutes, and neither a checkpoint, a job start nor a close may
 * hang.
 *
 * <p>Each instance owns its threads; the component that makes the calls (a sink writer's output, a
 * stream check) creates one and closes it in its own close(). This is deliberately not a static
 * pool: in a session cluster every job has its own class loader, and pool threads that outlive the
 * job would keep it alive. The threads are created on demand and reused, so a writer's flush at
 * every checkpoint does not start a thread each time. A call that timed out may still run, and a
 * thread stuck in it must not delay the next call, so a busy pool starts another thread; idle
 * threads end after {@link #KEEP_ALIVE}, so even an owner that is never closed leaves none behind
 * for long.
 *
 * <p>{@link #close(Duration)} refuses further calls (a call submitted before that but not yet
 * started does not start at all), interrupts the ones still running and waits a bounded time for
 * them to end. Owners close it before they close the Pravega objects the calls use, so that a call
 * that timed out cannot act on an object closed under it.
 */
@Internal
public final class BoundedCall implements AutoCloseable {

    /** How long an idle thread waits for the next call before it ends. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

    private final String name;
    private final Object lock = new Object();
    private ThreadPoolExecutor executor; // guarded by lock; created on the first call
    private boolean closed; // guarded by lock

    /**
     * {@code name} prefixes the names of the threads, so that a thread dump says whose they are.
     */
    public BoundedCall(String name) {
        this.name = name;
    }

    /**
     * Runs {@code action} and waits up to {@code timeout} for it; {@code what} names the call in
     * the thread's name while it runs. On a timeout the action is interrupted.
     *
     * @throws IllegalStateException if this is closed
     */
    public <T> T call(String what, Duration timeout, Callable<T> action)
            throws TimeoutException, ExecutionException, InterruptedException {
        return call(what, timeout, action, timeout, () -> null);
    }

    /**
     * Like {@link #call(String, Duration, Callable)}, but once the action has had {@code grace}
     * without an answer, asks {@code whyNoAnswer} once whether waiting on is pointless: an
     * exception it returns ends the wait at once, and is thrown.
     */
    public <T> T call(
            String what,
            Duration timeout,
            Callable<T> action,
            Duration grace,
            Supplier<? extends RuntimeException> whyNoAnswer)
            throws TimeoutException, ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<T> result = submit(what, action);
        boolean done = false;
        try {
            if (grace.compareTo(timeout) < 0) {
                try {
                    T value = result.get(grace.toNanos(), TimeUnit.NANOSECONDS);
                    done = true;
                    return value;
                } catch (TimeoutException e) {
                    RuntimeException reason = whyNoAnswer.get();
                    if (reason != null && !result.isDone()) {
                        throw reason;
                    }
                }
            }
            T value = result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            done = true;
            return value;
        } catch (ExecutionException e) {
            done = true;
            throw e;
        } finally {
            if (!done) {
                // Only this call's task: its thread goes back to the pool once the action ends.
                result.cancel(true);
            }
        }
    }

    private <T> Future<T> submit(String what, Callable<T> action) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(name + " is closed; not calling " + what);
            }
            if (executor == null) {
                executor =
                        new ThreadPoolExecutor(
                                0,
                                Integer.MAX_VALUE,
                                KEEP_ALIVE.toMillis(),
                                TimeUnit.MILLISECONDS,
                                new SynchronousQueue<>(),
                                PravegaClients.daemonThreads(name));
            }
            try {
                return executor.submit(() -> run(what, action));
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException(name + " is closed; not calling " + what, e);
            }
        }
    }

    private <T> T run(String what, Callable<T> action) throws Exception {
        synchronized (lock) {
            // Submitted before close(), but started after it: the objects it uses may be closed.
            if (closed) {
                throw new IllegalStateException(name + " is closed; not calling " + what);
            }
        }
        Thread thread = Thread.currentThread();
        String threadName = thread.getName();
        if (!what.equals(name)) {
            thread.setName(threadName + " (" + what + ")");
        }
        try {
            return action.call();
        } finally {
            thread.setName(threadName);
        }
    }

    /**
     * Refuses further calls, interrupts the running ones and waits up to {@code wait} for them to
     * end.
     *
     * @return whether no call runs any more
     */
    public boolean close(Duration wait) {
        ThreadPoolExecutor toStop;
        synchronized (lock) {
            closed = true;
            toStop = executor;
        }
        if (toStop == null) {
            return true;
        }
        toStop.shutdownNow();
        try {
            return toStop.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return toStop.isTerminated();
        }
    }

    /** Refuses further calls and interrupts the running ones, without waiting for them. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Runs one call on a thread of its own, for a component that makes a single bounded call: the
     * thread is interrupted and left to end on its own once the call returns or times out.
     */
    public static <T> T once(String threadName, Duration timeout, Callable<T> action)
            throws TimeoutException, ExecutionException, InterruptedException {
        return once(threadName, timeout, action, timeout, () -> null);
    }

    /** {@link #once(String, Duration, Callable)} with a grace period, as in {@link #call}. */
    public static <T> T once(
            String threadName,
            Duration timeout,
            Callable<T> action,
            Duration grace,
            Supplier<? extends RuntimeException> whyNoAnswer)
            throws TimeoutException, ExecutionException, InterruptedException {
        try (BoundedCall single = new BoundedCall(threadName)) {
            return single.call(threadName, timeout, action, grace, whyNoAnswer);
        }
    }
}
