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

import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.batch.SegmentRange;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.source.enumerator.readergroup.CheckpointGaps;
import io.pravega.connectors.flink.source.enumerator.readergroup.GeneratedReaderGroupDeletion;
import io.pravega.connectors.flink.util.PravegaClients;
import io.pravega.connectors.flink.util.StreamChecks;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@link PravegaAccess} over the Pravega client; owns every client object it opens. */
@Internal
public final class PravegaClientAccess implements PravegaAccess {

    private final PravegaConfig pravegaConfig;
    private final String readerGroupScope;
    @Nullable private StreamChecks streamChecks;
    @Nullable private PravegaClients clients;
    @Nullable private ReaderGroupManager groupManager;

    /** Opens nothing yet: an enumerator that is never started holds no clients. */
    public PravegaClientAccess(PravegaConfig pravegaConfig, String readerGroupScope) {
        this.pravegaConfig = pravegaConfig;
        this.readerGroupScope = readerGroupScope;
    }

    private StreamChecks streamChecks() {
        if (streamChecks == null) {
            streamChecks = new StreamChecks(pravegaConfig);
        }
        return streamChecks;
    }

    @Override
    public void checkReaderGroupScope(String scope, String group) {
        streamChecks().checkReaderGroupScope(scope, group);
    }

    @Override
    public void checkExists(Stream stream) {
        streamChecks().checkExists(stream);
    }

    @Override
    public StreamCut checkExistsAndGetTail(Stream stream) {
        return streamChecks().checkExistsAndGetTail(stream);
    }

    @Override
    public List<SegmentRange> segmentRanges(Stream stream, StreamCut start, StreamCut end) {
        List<SegmentRange> ranges = new ArrayList<>();
        try (PravegaClients listing = PravegaClients.open(pravegaConfig, "segment-enumerator")) {
            Iterator<SegmentRange> iterator =
                    listing.batchClientFactory().getSegments(stream, start, end).getIterator();
            while (iterator.hasNext()) {
                ranges.add(iterator.next());
            }
        }
        return ranges;
    }

    @Override
    public void open() {
        clients = PravegaClients.openForReaderGroups(pravegaConfig, "enumerator");
        groupManager = clients.readerGroupManager(readerGroupScope);
    }

    @Override
    public boolean createReaderGroup(String name, ReaderGroupConfig config) {
        return opened().createReaderGroup(name, config);
    }

    @Override
    public ReaderGroup getReaderGroup(String name) {
        return opened().getReaderGroup(name);
    }

    @Override
    public Map<Stream, StreamCut> fillCheckpointGaps(
            Map<Stream, StreamCut> positions, Map<Stream, StreamCut> endCuts, Duration timeout)
            throws Exception {
        opened();
        return CheckpointGaps.fill(clients.controller(), positions, endCuts, timeout);
    }

    /** The manager of the clients that {@link #open()} opened; fails if they are not open. */
    private ReaderGroupManager opened() {
        if (clients == null || groupManager == null) {
            throw new IllegalStateException(
                    "The reader-group clients of the enumerator are not open");
        }
        return groupManager;
    }

    /**
     * Flink closes the enumerator without waiting for it and releases the job's class loader
     * meanwhile; the close can then use only classes that are loaded already. So the start runs the
     * same close path once, on throw-away clients: a reader group, its manager, their connections,
     * channel, event loop and threads. (The delete's own classes: {@link
     * GeneratedReaderGroupDeletion#prepare()}.)
     */
    @Override
    public void rehearseClose(String group) {
        try (PravegaClients rehearsal =
                        PravegaClients.openForReaderGroups(pravegaConfig, "rehearsal");
                ReaderGroup readerGroup =
                        rehearsal.readerGroupManager(readerGroupScope).getReaderGroup(group)) {
            readerGroup.getOnlineReaders();
        }
    }

    @Override
    public boolean deleteReaderGroup(String name, boolean lastAttempt) {
        try (PravegaClients fresh = PravegaClients.openForReaderGroups(pravegaConfig, "delete")) {
            return GeneratedReaderGroupDeletion.delete(
                    fresh.readerGroupManager(readerGroupScope),
                    readerGroupScope,
                    name,
                    lastAttempt);
        }
    }

    /** Closes the reader-group manager with the clients; they tolerate a second close. */
    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
    }
}
