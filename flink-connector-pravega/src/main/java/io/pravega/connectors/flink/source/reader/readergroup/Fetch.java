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

import java.util.concurrent.CompletableFuture;

/**
 * What a source reader needs of the reading of its Pravega reader, on the task thread: the seam
 * that lets unit tests run the reader's own logic against a fake. {@link ReaderGroupFetch} is the
 * one real implementation.
 */
@Internal
interface Fetch {

    /** Joins the reader group as {@code readerId}; fetching starts with {@link #startReading()}. */
    void open(String readerId, SegmentReleaseWatch releaseWatch);

    /** Lets the fetcher start reading, now or as soon as it opens. */
    void startReading();

    /**
     * The next fetched element (see {@link FetchedElements}), or {@code null} if none is there yet.
     */
    @Nullable
    Object next() throws Exception;

    /** Completes when {@link #next()} may return an element or throw. */
    CompletableFuture<Void> available();

    /** Completes when the fetcher failed; {@link #rethrowError()} then throws its error. */
    CompletableFuture<Void> failed();

    /** Throws the fetcher's error, if it failed. */
    void rethrowError() throws Exception;

    /** Stops fetching and takes the reader offline. */
    void close() throws InterruptedException;
}
