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

import javax.annotation.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A fetch that hands over what the test queued, and fails when the test says so, as the real one
 * does: elements first, then the error.
 */
final class FakeFetch implements Fetch {

    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    @Nullable private Exception error;
    @Nullable String openedAs;
    boolean startedReading;
    boolean closed;

    /** Queues an event whose bytes are the text. */
    FakeFetch event(String text) {
        return add(
                new FetchedElements.Event(
                        ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), null));
    }

    FakeFetch add(Object element) {
        queued.add(element);
        available.complete(null);
        return this;
    }

    void fail(Exception e) {
        error = e;
        failed.complete(null);
        available.complete(null);
    }

    @Override
    public void open(String readerId, SegmentReleaseWatch releaseWatch) {
        openedAs = readerId;
    }

    @Override
    public void startReading() {
        startedReading = true;
    }

    @Nullable
    @Override
    public Object next() throws Exception {
        Object next = queued.poll();
        if (next != null) {
            return next;
        }
        rethrowError();
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return null;
    }

    @Override
    public CompletableFuture<Void> available() {
        return available;
    }

    @Override
    public CompletableFuture<Void> failed() {
        return failed;
    }

    @Override
    public void rethrowError() throws Exception {
        if (error != null) {
            throw error;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
