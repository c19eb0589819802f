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
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Pravega of streams and one reader group, set up by the test, that records what it is asked. */
public final class FakePravegaAccess implements PravegaAccess {

    /** Every call, in order, as "operation argument". */
    public final List<String> calls = new CopyOnWriteArrayList<>();

    /** Streams that exist, with their tails. */
    public final Map<Stream, StreamCut> tails = new HashMap<>();

    /** The segment ranges listed between any two cuts of a stream. */
    public final Map<Stream, List<SegmentRange>> segmentRanges = new HashMap<>();

    /** Reader groups that exist, with the configuration they were created with. */
    public final Map<String, ReaderGroupConfig> groups = new HashMap<>();

    /** Every reader group handle hands out this group. */
    public final FakeReaderGroup readerGroup;

    /** Attempts that fail to delete, before one succeeds. */
    public int failingDeletes;

    /** Runs before each creation of a reader group, e.g. to hang it. */
    public volatile Runnable beforeCreate = () -> {};

    public final Set<String> deleted = new HashSet<>();
    public boolean open;
    public boolean closed;

    public FakePravegaAccess(String groupName) {
        this.readerGroup = new FakeReaderGroup(groupName);
    }

    @Override
    public void checkReaderGroupScope(String scope, String group) {
        calls.add("checkReaderGroupScope " + scope);
    }

    @Override
    public void checkExists(Stream stream) {
        calls.add("checkExists " + stream.getScopedName());
        existing(stream);
    }

    @Override
    public StreamCut checkExistsAndGetTail(Stream stream) {
        calls.add("checkExistsAndGetTail " + stream.getScopedName());
        return existing(stream);
    }

    private StreamCut existing(Stream stream) {
        StreamCut tail = tails.get(stream);
        if (tail == null) {
            throw new IllegalStateException(
                    "The Pravega stream '" + stream.getScopedName() + "' does not exist");
        }
        return tail;
    }

    @Override
    public List<SegmentRange> segmentRanges(Stream stream, StreamCut start, StreamCut end) {
        calls.add("segmentRanges " + stream.getScopedName());
        return segmentRanges.getOrDefault(stream, List.of());
    }

    @Override
    public void open() {
        calls.add("open");
        open = true;
    }

    @Override
    public boolean createReaderGroup(String name, ReaderGroupConfig config) {
        requireOpen();
        calls.add("createReaderGroup " + name);
        beforeCreate.run();
        return groups.putIfAbsent(name, config) == null;
    }

    @Override
    public ReaderGroup getReaderGroup(String name) {
        requireOpen();
        calls.add("getReaderGroup " + name);
        return readerGroup;
    }

    @Override
    public Map<Stream, StreamCut> fillCheckpointGaps(
            Map<Stream, StreamCut> positions, Map<Stream, StreamCut> endCuts, Duration timeout) {
        requireOpen();
        calls.add("fillCheckpointGaps");
        return positions;
    }

    @Override
    public void rehearseClose(String group) {
        calls.add("rehearseClose " + group);
    }

    @Override
    public boolean deleteReaderGroup(String name, boolean lastAttempt) {
        calls.add("deleteReaderGroup " + name + (lastAttempt ? " last" : ""));
        if (failingDeletes > 0) {
            failingDeletes--;
            return false;
        }
        deleted.add(name);
        return true;
    }

    @Override
    public void close() {
        calls.add("close");
        closed = true;
    }

    private void requireOpen() {
        if (!open || closed) {
            throw new IllegalStateException("not open");
        }
    }
}
