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

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.Position;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.ReaderGroupMetrics;
import io.pravega.client.stream.ReaderSegmentDistribution;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.CheckpointImpl;
import io.pravega.client.stream.notifications.EndOfDataNotification;
import io.pravega.client.stream.notifications.Observable;
import io.pravega.client.stream.notifications.SegmentNotification;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A reader group that records what an enumerator asks of it and answers as the test sets it up.
 * Thread-safe: enumerators call it from their own threads too.
 */
public final class FakeReaderGroup implements ReaderGroup {

    private final String name;

    /** Reader ids the group reports online. */
    public final Set<String> online = ConcurrentHashMap.newKeySet();

    public final List<ReaderGroupConfig> resets = new CopyOnWriteArrayList<>();
    public final List<String> initiatedCheckpoints = new CopyOnWriteArrayList<>();
    public final AtomicInteger cancels = new AtomicInteger();
    public final AtomicInteger closes = new AtomicInteger();
    public final AtomicInteger onlineReads = new AtomicInteger();

    /** Runs before each read of the online readers, e.g. to hang it as an unreachable Pravega. */
    public volatile Runnable beforeOnlineRead = () -> {};

    /**
     * How a checkpoint of the given name ends; by default it completes at once at {@link
     * #POSITIONS}.
     */
    public volatile Function<String, CompletableFuture<Checkpoint>> checkpoints =
            checkpointName ->
                    CompletableFuture.completedFuture(checkpoint(checkpointName, POSITIONS));

    /** The positions of checkpoints taken by default. */
    public static final Map<Segment, Long> POSITIONS =
            Map.of(new Segment("scope", "stream", 0), 42L);

    public FakeReaderGroup(String name) {
        this.name = name;
    }

    /** Pravega keeps the constructor package-private; a real checkpoint needs a cluster. */
    public static Checkpoint checkpoint(String name, Map<Segment, Long> positions) {
        try {
            Constructor<CheckpointImpl> constructor =
                    CheckpointImpl.class.getDeclaredConstructor(String.class, Map.class);
            constructor.setAccessible(true);
            return constructor.newInstance(name, positions);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<Checkpoint> initiateCheckpoint(
            String checkpointName, ScheduledExecutorService backgroundExecutor) {
        initiatedCheckpoints.add(checkpointName);
        return checkpoints.apply(checkpointName);
    }

    @Override
    public CompletableFuture<Checkpoint> initiateCheckpoint(String checkpointName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void cancelOutstandingCheckpoints() {
        cancels.incrementAndGet();
    }

    @Override
    public void resetReaderGroup(ReaderGroupConfig config) {
        resets.add(config);
    }

    @Override
    public Set<String> getOnlineReaders() {
        beforeOnlineRead.run();
        onlineReads.incrementAndGet();
        return Set.copyOf(online);
    }

    @Override
    public String getGroupName() {
        return name;
    }

    @Override
    public String getScope() {
        return "scope";
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    @Override
    public ReaderGroupMetrics getMetrics() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resetReaderGroup() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void readerOffline(String readerId, Position lastPosition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> getStreamNames() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<Stream, StreamCut> getStreamCuts() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Map<Stream, StreamCut>> generateStreamCuts(
            ScheduledExecutorService backgroundExecutor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateRetentionStreamCut(Map<Stream, StreamCut> streamCuts) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ReaderSegmentDistribution getReaderSegmentDistribution() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Observable<SegmentNotification> getSegmentNotifier(ScheduledExecutorService executor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Observable<EndOfDataNotification> getEndOfDataNotifier(
            ScheduledExecutorService executor) {
        throw new UnsupportedOperationException();
    }
}
