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
package io.pravega.connectors.flink.source.enumerator.readergroup;

import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.connectors.flink.source.event.CheckpointNames;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduling rules of release checkpoints, against a reader group that only records calls. */
class ReleaseCheckpointsTest {

    private static final Duration DUE_AT_ONCE = Duration.ofNanos(1);
    private static final Duration NEVER_STALE = Duration.ofHours(1);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> initiated = new ArrayList<>();
    private final List<CompletableFuture<Checkpoint>> futures = new ArrayList<>();
    private final AtomicInteger cancels = new AtomicInteger();
    private final ReaderGroup group =
            (ReaderGroup)
                    Proxy.newProxyInstance(
                            getClass().getClassLoader(),
                            new Class<?>[] {ReaderGroup.class},
                            (proxy, method, args) -> {
                                switch (method.getName()) {
                                    case "initiateCheckpoint":
                                        initiated.add((String) args[0]);
                                        CompletableFuture<Checkpoint> future =
                                                new CompletableFuture<>();
                                        futures.add(future);
                                        return future;
                                    case "cancelOutstandingCheckpoints":
                                        cancels.incrementAndGet();
                                        return null;
                                    case "getGroupName":
                                        return "group";
                                    default:
                                        throw new UnsupportedOperationException(method.getName());
                                }
                            });

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private ReleaseCheckpoints releases(Duration interval, Duration stale, int maxOutstanding) {
        return new ReleaseCheckpoints(
                group,
                executor,
                interval,
                stale,
                maxOutstanding,
                "nonce",
                (checkpoint, started) -> {});
    }

    @Test
    void startsOneAtATimeUnderReleaseNames() throws Exception {
        ReleaseCheckpoints releases = releases(DUE_AT_ONCE, NEVER_STALE, 3);
        releases.tick();
        releases.tick();
        assertThat(initiated).as("a second one while the first is outstanding").hasSize(1);
        futures.get(0).complete(null);
        releases.tick();
        assertThat(initiated)
                .hasSize(2)
                .allSatisfy(
                        name -> {
                            assertThat(CheckpointNames.isRelease(name)).isTrue();
                            assertThat(CheckpointNames.checkpointId(name)).isEmpty();
                        });
        assertThat(initiated.get(0)).isNotEqualTo(initiated.get(1));
    }

    @Test
    void waitsForTheInterval() {
        ReleaseCheckpoints releases = releases(Duration.ofHours(1), NEVER_STALE, 3);
        releases.tick();
        assertThat(initiated).isEmpty();
    }

    @Test
    void noneStartsWhileAFlinkCheckpointIsPending() throws Exception {
        ReleaseCheckpoints releases = releases(DUE_AT_ONCE, NEVER_STALE, 3);
        assertThat(
                        releases.flinkCheckpointStarting(
                                System.nanoTime() + Duration.ofSeconds(1).toNanos()))
                .isTrue();
        releases.tick();
        assertThat(initiated).isEmpty();
        releases.flinkCheckpointEnded();
        Thread.sleep(1);
        releases.tick();
        assertThat(initiated).hasSize(1);
        assertThat(cancels).hasValue(0);
    }

    @Test
    void aFlinkCheckpointTakesTheOnlySlotFromAReleaseCheckpoint() throws Exception {
        ReleaseCheckpoints releases = releases(DUE_AT_ONCE, NEVER_STALE, 1);
        releases.tick();
        assertThat(initiated).hasSize(1);
        assertThat(
                        releases.flinkCheckpointStarting(
                                System.nanoTime() + Duration.ofSeconds(1).toNanos()))
                .isTrue();
        assertThat(cancels).as("no Pravega call on the coordinator thread").hasValue(0);
        releases.makeRoomForFlinkCheckpoint();
        assertThat(cancels).hasValue(1);
        assertThat(futures.get(0)).isCancelled();
    }

    @Test
    void makingRoomAfterTheFlinkCheckpointEndedCancelsNothing() throws Exception {
        ReleaseCheckpoints releases = releases(DUE_AT_ONCE, NEVER_STALE, 1);
        assertThat(
                        releases.flinkCheckpointStarting(
                                System.nanoTime() + Duration.ofSeconds(1).toNanos()))
                .isTrue();
        releases.flinkCheckpointEnded();
        Thread.sleep(1);
        releases.tick();
        assertThat(initiated).hasSize(1);

        // A late call of a Flink checkpoint that already failed.
        releases.makeRoomForFlinkCheckpoint();

        assertThat(cancels).hasValue(0);
        assertThat(futures.get(0)).isNotDone();
    }

    @Test
    void aFlinkCheckpointLeavesAReleaseCheckpointAloneWhenThereIsRoom() throws Exception {
        ReleaseCheckpoints releases = releases(DUE_AT_ONCE, NEVER_STALE, 2);
        releases.tick();
        assertThat(
                        releases.flinkCheckpointStarting(
                                System.nanoTime() + Duration.ofSeconds(1).toNanos()))
                .isTrue();
        assertThat(cancels).hasValue(0);
        assertThat(futures.get(0)).isNotDone();
    }

    @Test
    void aStaleReleaseCheckpointIsCancelledAndANewOneFollows() throws Exception {
        ReleaseCheckpoints releases = releases(DUE_AT_ONCE, Duration.ofMillis(1), 3);
        releases.tick();
        Thread.sleep(5);
        releases.tick();
        assertThat(cancels).hasValue(1);
        assertThat(futures.get(0)).isCancelled();
        releases.tick();
        assertThat(initiated).hasSize(2);
    }
}
