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

import org.apache.flink.annotation.Internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor given to {@code ReaderGroup.initiateCheckpoint} for the checkpoints that Flink
 * checkpoints wait for. Pravega 0.13 polls for a checkpoint's completion with a fixed 500 ms delay
 * on the executor it is given, and the barrier waits for that poll; this executor shortens the
 * delays, so that completion is seen within about {@link #MIN_DELAY_MILLIS} ms.
 *
 * <p>The delays grow with the time since {@link #checkpointStarted()} (a quarter of it, up to what
 * Pravega asked for). Pravega schedules the next poll without waiting for the last one's read of
 * the group state, so a fixed short delay would pile up reads behind a slow or unreachable Pravega,
 * and starve every other use of the reader group. It runs nothing else, so no other task can delay
 * a poll.
 */
@Internal
final class CheckpointPollScheduler extends ScheduledThreadPoolExecutor {

    /**
     * Each poll is one read of the group's state; a checkpoint is pending for about one reader
     * refresh.
     */
    static final long MIN_DELAY_MILLIS = 10;

    private volatile long checkpointStartNanos = System.nanoTime();

    CheckpointPollScheduler(String readerGroup) {
        super(
                1,
                runnable -> {
                    Thread thread = new Thread(runnable, "pravega-checkpoint-poll-" + readerGroup);
                    thread.setDaemon(true);
                    return thread;
                });
        setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        setRemoveOnCancelPolicy(true);
    }

    /** Called right before a checkpoint is initiated: its first polls come soon. */
    void checkpointStarted() {
        checkpointStartNanos = System.nanoTime();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return super.schedule(command, shortened(delay, unit), TimeUnit.MILLISECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return super.schedule(callable, shortened(delay, unit), TimeUnit.MILLISECONDS);
    }

    private long shortened(long delay, TimeUnit unit) {
        return delayFor(
                unit.toMillis(delay),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checkpointStartNanos));
    }

    /**
     * A quarter of the time the checkpoint is pending, at least the minimum, at most what was
     * asked.
     */
    static long delayFor(long requestedMillis, long pendingMillis) {
        long requested = Math.max(0, requestedMillis);
        return Math.min(requested, Math.max(MIN_DELAY_MILLIS, pendingMillis / 4));
    }
}
