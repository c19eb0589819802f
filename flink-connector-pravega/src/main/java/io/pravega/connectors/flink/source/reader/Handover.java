package io.pravega.connectors.flink.source.reader;

import org.apache.flink.annotation.Internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Hands what the fetcher thread read to the task thread: a bounded queue with an availability
 * future, and a fetcher error that the task thread rethrows.
 */
@Internal
final class Handover {

    /** Thrown to the fetcher when the reader closed the handover. */
    static final class ClosedException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private final int capacity;
    private final ArrayDeque<Object> queue;
    private CompletableFuture<Void> available = new CompletableFuture<>();
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

    /** The next element, or {@code null}; rethrows a fetcher error once the queue is drained. */
    synchronized Object poll() throws Exception {
        Object next = queue.poll();
        if (next != null) {
            if (queue.size() == capacity - 1) {
                notifyAll();
            }
            return next;
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

    void reportError(Throwable t) {
        CompletableFuture<Void> toComplete;
        synchronized (this) {
            if (error == null) {
                error = t;
            }
            toComplete = available;
        }
        toComplete.complete(null);
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
