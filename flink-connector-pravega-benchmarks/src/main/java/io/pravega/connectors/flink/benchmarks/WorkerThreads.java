package io.pravega.connectors.flink.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The raw client's writers and readers, each on a thread of its own. {@link #join()} rethrows
 * the first failure: Flink's local cluster replaces the default handler that would print it, so
 * a failed baseline would otherwise just look slow.
 */
final class WorkerThreads {

    /** The body of one thread. */
    interface Body {
        void run() throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    void add(String name, Body body) {
        threads.add(new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, name));
    }

    void start() {
        threads.forEach(Thread::start);
    }

    void join() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A raw client thread failed", failure.get());
        }
    }

    void run() throws InterruptedException {
        start();
        join();
    }
}
