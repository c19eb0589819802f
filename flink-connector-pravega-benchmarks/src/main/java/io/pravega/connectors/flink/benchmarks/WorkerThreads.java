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
package io.pravega.connectors.flink.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The raw client's writers and readers, each on a thread of its own. {@link #join()} rethrows the
 * first failure: Flink's local cluster replaces the default handler that would print it, so a
 * failed baseline would otherwise just look slow.
 */
final class WorkerThreads {

    /** The body of one thread. */
    interface Body {
        void run() throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    void add(String name, Body body) {
        threads.add(
                new Thread(
                        () -> {
                            try {
                                body.run();
                            } catch (Throwable t) {
                                failure.compareAndSet(null, t);
                            }
                        },
                        name));
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
