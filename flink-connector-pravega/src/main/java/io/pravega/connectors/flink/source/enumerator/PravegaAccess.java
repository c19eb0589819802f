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
package io.pravega.connectors.flink.source.enumerator;

import io.pravega.client.batch.SegmentRange;
import io.pravega.client.stream.ConfigMismatchException;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import org.apache.flink.annotation.Internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the enumerators of both read paths ask of Pravega, and nothing else: the seam that lets unit
 * tests run an enumerator against a fake. {@link PravegaClientAccess} is the one real
 * implementation.
 *
 * <p>The job-start checks, the segment listing and the delete each use clients of their own. The
 * other reader-group operations use the clients that {@link #open()} opens and {@link #close()}
 * closes.
 */
@Internal
public interface PravegaAccess extends AutoCloseable {

    /** Fails with a message for the user if the reader group's scope is missing. */
    void checkReaderGroupScope(String scope, String group);

    /** Fails with a message for the user if the stream or its scope is missing. */
    void checkExists(Stream stream);

    /**
     * Fails with a message for the user if the stream or its scope is missing; returns its tail.
     */
    StreamCut checkExistsAndGetTail(Stream stream);

    /** The segment ranges of a stream between two cuts, as Pravega's batch client lists them. */
    List<SegmentRange> segmentRanges(Stream stream, StreamCut start, StreamCut end);

    /** Opens the clients of the reader-group operations below; call it once, before them. */
    void open();

    /**
     * Creates the group in the reader-group scope.
     *
     * @return false if it exists with the same configuration
     * @throws ConfigMismatchException if it exists with another configuration
     */
    boolean createReaderGroup(String name, ReaderGroupConfig config) throws ConfigMismatchException;

    /** A handle on an existing group; the caller closes it. */
    ReaderGroup getReaderGroup(String name);

    /**
     * Checkpoint positions with the segments filled in that a scale can leave out of them, found
     * through the controller (see {@code CheckpointGaps}).
     */
    Map<Stream, StreamCut> fillCheckpointGaps(
            Map<Stream, StreamCut> positions, Map<Stream, StreamCut> endCuts, Duration timeout)
            throws Exception;

    /**
     * Runs the path of {@link #close()} once on throw-away clients, so that the classes it needs
     * are loaded while the job's class loader is still open.
     */
    void rehearseClose(String group);

    /**
     * Deletes a group on new clients, bounded in time; logs a failure.
     *
     * @param lastAttempt whether a failure is final or will be retried
     * @return whether the group was deleted
     */
    boolean deleteReaderGroup(String name, boolean lastAttempt);

    /** Closes the clients that {@link #open()} opened, if any. */
    @Override
    void close();
}
