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
package io.pravega.connectors.flink.source.reader.readergroup;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Hands what the fetcher thread read to the task thread: a bounded queue with an availability
 * future, and a fetcher error that the task thread rethrows. The task thread takes everything
 * queued at once ({@link #drain}), so it synchronizes once per batch rather than once per event;
 * the fetcher adds one element at a time, so nothing waits for a batch to fill.
 */
@Internal
final class Handover {

    /** Thrown to the fetcher when the reader closed the handover. */
    static final class ClosedException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private final int capacity;
    private ArrayDeque<Object> queue;
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private Throwable error;
    private boolean closed;

    Handover(int capacity) {
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(capacity);
    }

    /** Blocks while the queue is full. */
    void put(Object element) throws InterruptedException, ClosedException {
        CompletableFuture<Void> toComplete;
        synchronized (this) {
            while (queue.size() >= capacity && !closed) {
                wait();
            }
            if (closed) {
                throw new ClosedException();
            }
            queue.add(element);
            toComplete = available;
        }
        toComplete.complete(null);
    }

    /**
     * Everything queued, in order, or {@code null} if nothing is; rethrows a fetcher error once the
     * queue is drained.
     *
     * @param empty an empty queue that takes the place of the one returned (the caller's last
     *     batch)
     */
    @Nullable
    synchronized ArrayDeque<Object> drain(ArrayDeque<Object> empty) throws Exception {
        if (!queue.isEmpty()) {
            ArrayDeque<Object> batch = queue;
            queue = empty;
            notifyAll();
            return batch;
        }
        rethrowError();
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return null;
    }

    /** Rethrows a fetcher error at once, whatever is still queued. */
    synchronized void rethrowError() throws Exception {
        if (error != null) {
            if (error instanceof Exception) {
                throw (Exception) error;
            }
            throw new RuntimeException(error);
        }
    }

    synchronized CompletableFuture<Void> available() {
        return available;
    }

    /** Completes when the fetcher failed. */
    CompletableFuture<Void> failed() {
        return failed;
    }

    void reportError(Throwable t) {
        CompletableFuture<Void> toComplete;
        synchronized (this) {
            if (error == null) {
                error = t;
            }
            toComplete = available;
        }
        toComplete.complete(null);
        failed.complete(null);
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
