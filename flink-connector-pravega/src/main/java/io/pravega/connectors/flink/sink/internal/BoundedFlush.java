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

import io.pravega.connectors.flink.util.BoundedCall;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Flushes a Pravega writer or transaction within a bounded time. The client retries a Pravega it
 * cannot reach for about ten minutes, and meanwhile the checkpoint, and the job, would stand still.
 */
@Internal
final class BoundedFlush {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A flush that may throw one checked exception of its own, e.g. {@code TxnFailedException}. */
    interface Flush<E extends Exception> {
        void flush() throws E;
    }

    private BoundedFlush() {}

    /**
     * Runs {@code flush} on {@code calls} (the owner's threads, reused from checkpoint to
     * checkpoint); {@code what} names what is flushed, for the error message.
     */
    @SuppressWarnings("unchecked")
    static <E extends Exception> void run(
            BoundedCall calls, Duration timeout, String what, URI controllerUri, Flush<E> flush)
            throws IOException, E {
        try {
            calls.call(
                    "flush",
                    timeout,
                    () -> {
                        flush.flush();
                        return null;
                    });
        } catch (TimeoutException e) {
            throw new IOException(
                    "Pravega at "
                            + controllerUri
                            + " did not acknowledge "
                            + what
                            + " within "
                            + timeout.toSeconds()
                            + " s, so the job restarts from its last checkpoint; nothing before it "
                            + "is "
                            + "lost. Check that Pravega runs and is reachable at that controller "
                            + "URI.",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw (E) cause; // the one checked exception the flush declares
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while flushing " + what);
        }
    }
}
