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
package io.pravega.connectors.flink.utils;

import io.pravega.client.ClientConfig;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.state.StateSynchronizer;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupNotFoundException;
import io.pravega.client.stream.impl.ReaderGroupImpl;
import io.pravega.client.stream.impl.ReaderGroupState;
import io.pravega.connectors.flink.source.event.CheckpointNames;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the checkpoints a Pravega reader group has started but not completed, as Pravega's own
 * reader-group state holds them (the client exposes them only package-privately, hence the
 * reflection), and records the most seen at once: those of Flink checkpoints, and release
 * checkpoints apart.
 */
public final class ReaderGroupCheckpoints implements AutoCloseable {

    private final ReaderGroupManager groups;
    private final String group;
    private final Thread sampler;
    private ReaderGroup readerGroup;
    private volatile boolean running = true;
    private volatile RuntimeException error;
    private final AtomicInteger maxOutstandingReleases = new AtomicInteger();

    private ReaderGroupCheckpoints(
            String scope,
            String group,
            ClientConfig clientConfig,
            Duration period,
            AtomicInteger maxOutstanding) {
        this.groups = ReaderGroupManager.withScope(scope, clientConfig);
        this.group = group;
        this.sampler =
                new Thread(
                        () -> {
                            while (running) {
                                try {
                                    List<String> outstanding = outstanding();
                                    long releases =
                                            outstanding.stream()
                                                    .filter(CheckpointNames::isRelease)
                                                    .count();
                                    maxOutstanding.accumulateAndGet(
                                            outstanding.size() - (int) releases, Math::max);
                                    maxOutstandingReleases.accumulateAndGet(
                                            (int) releases, Math::max);
                                } catch (ReaderGroupNotFoundException e) {
                                    // The job has not created it yet.
                                } catch (RuntimeException e) {
                                    if (running && error == null) {
                                        error = e;
                                    }
                                }
                                try {
                                    Thread.sleep(period.toMillis());
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "reader-group-checkpoints-" + group);
        sampler.setDaemon(true);
    }

    /** Samples every {@code period} until closed; the group may be created later. */
    public static ReaderGroupCheckpoints watch(
            String scope,
            String group,
            ClientConfig clientConfig,
            Duration period,
            AtomicInteger maxOutstanding) {
        ReaderGroupCheckpoints checkpoints =
                new ReaderGroupCheckpoints(scope, group, clientConfig, period, maxOutstanding);
        checkpoints.sampler.start();
        return checkpoints;
    }

    /** The most release checkpoints seen outstanding at once. */
    public int maxOutstandingReleases() {
        return maxOutstandingReleases.get();
    }

    /** The names of the group's checkpoints that some reader has not reached yet. */
    @SuppressWarnings("unchecked")
    public synchronized List<String> outstanding() {
        if (readerGroup == null) {
            readerGroup = groups.getReaderGroup(group);
        }
        StateSynchronizer<ReaderGroupState> synchronizer =
                ((ReaderGroupImpl) readerGroup).getSynchronizer();
        synchronizer.fetchUpdates();
        ReaderGroupState state = synchronizer.getState();
        if (state == null) {
            return List.of(); // not initialized yet
        }
        Object checkpointState = call(state, "getCheckpointState");
        return (List<String>) call(checkpointState, "getOutstandingCheckpoints");
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "Pravega client without " + target.getClass().getName() + "." + method, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        synchronized (this) {
            if (readerGroup != null) {
                readerGroup.close();
            }
        }
        groups.close();
        if (error != null) {
            throw new AssertionError("Could not read the state of reader group " + group, error);
        }
    }
}
