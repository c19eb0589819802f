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

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts reader-group checkpoints that only let readers release finished segments. A Pravega reader
 * hands back a segment it read to the end, and so reaches the segment's successors after a scale,
 * only right after it passed a reader-group checkpoint (pravega/pravega#3364). Flink checkpoints
 * are such checkpoints; when none was started for the release interval, whether checkpointing is on
 * or not, this starts one of its own.
 *
 * <p>Rules that keep Flink checkpoints exact and on time:
 *
 * <ul>
 *   <li>At most one release checkpoint is outstanding.
 *   <li>None starts while a Flink checkpoint is between its start and the read of its positions:
 *       completing a checkpoint clears every older one in the group, so a release checkpoint
 *       started after a Flink one could clear it before its positions are read. A release
 *       checkpoint started before a Flink one completes before it, which is harmless.
 *   <li>With {@code maxOutstandingCheckpointRequest} 1, a Flink checkpoint cancels an outstanding
 *       release checkpoint rather than be rejected.
 *   <li>A release checkpoint that readers do not pass within the stale timeout (e.g. while they are
 *       backpressured) is cancelled, so that its completion poll stops.
 * </ul>
 *
 * Names come from {@link CheckpointNames#release}. Exactly-once readers pass them over;
 * at-least-once reads may resume from them ({@link SafeCheckpoints}), so each completed one is
 * handed to a listener.
 */
@Internal
final class ReleaseCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseCheckpoints.class);

    private final ReaderGroup readerGroup;
    private final ScheduledExecutorService executor;
    private final long intervalNanos;
    private final long staleNanos;
    private final int maxOutstanding;
    private final String nonce;

    /** Called on the executor with each release checkpoint that completed. */
    private final Listener onCompleted;

    /** Hears of each release checkpoint that completed. */
    interface Listener {
        void completed(Checkpoint checkpoint, long startedNanos);
    }

    /** Orders the start of a release checkpoint against the start of a Flink checkpoint. */
    private final ReentrantLock startLock = new ReentrantLock();

    private volatile boolean flinkCheckpointPending;
    private volatile long lastStartNanos = System.nanoTime();
    private long sequence;
    @Nullable private volatile CompletableFuture<Checkpoint> outstanding;
    private volatile long outstandingSinceNanos;

    ReleaseCheckpoints(
            ReaderGroup readerGroup,
            ScheduledExecutorService executor,
            Duration interval,
            Duration staleTimeout,
            int maxOutstanding,
            String nonce,
            Listener onCompleted) {
        this.readerGroup = readerGroup;
        this.executor = executor;
        this.intervalNanos = interval.toNanos();
        this.staleNanos = staleTimeout.toNanos();
        this.maxOutstanding = maxOutstanding;
        this.nonce = nonce;
        this.onCompleted = onCompleted;
    }

    /** Checks a few times per interval whether a release checkpoint is due. */
    void start() {
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(intervalNanos) / 4);
        executor.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Called before a Flink checkpoint starts its reader-group checkpoint: no release checkpoint
     * starts until {@link #flinkCheckpointEnded()}. Waits at most until the deadline for a release
     * checkpoint that is being started right now. Calls no Pravega: the coordinator thread calls
     * it.
     *
     * @return false if that start did not end by the deadline (Pravega does not answer)
     */
    boolean flinkCheckpointStarting(long deadlineNanos) throws InterruptedException {
        if (!startLock.tryLock(
                Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            flinkCheckpointPending = true;
            lastStartNanos = System.nanoTime();
            return true;
        } finally {
            startLock.unlock();
        }
    }

    /**
     * After {@link #flinkCheckpointStarting}, and off the coordinator thread, as it may call
     * Pravega: with {@code maxOutstandingCheckpointRequest} 1, cancels an outstanding release
     * checkpoint so that the Flink checkpoint is not rejected. Does nothing once the Flink
     * checkpoint ended, so that a call that comes late cancels nothing of a later one.
     */
    void makeRoomForFlinkCheckpoint() throws InterruptedException {
        startLock.lockInterruptibly();
        try {
            if (flinkCheckpointPending && maxOutstanding <= 1 && isOutstanding()) {
                // The group takes one checkpoint at a time: the Flink checkpoint goes first.
                cancelOutstanding(
                        "a Flink checkpoint needs the only checkpoint slot "
                                + "(maxOutstandingCheckpointRequest 1)");
            }
        } finally {
            startLock.unlock();
        }
    }

    /** The Flink checkpoint's positions are read, or it was given up. */
    void flinkCheckpointEnded() {
        flinkCheckpointPending = false;
    }

    @VisibleForTesting
    void tick() {
        if (!startLock.tryLock()) {
            return;
        }
        try {
            if (flinkCheckpointPending) {
                return;
            }
            long now = System.nanoTime();
            if (isOutstanding()) {
                if (now - outstandingSinceNanos > staleNanos) {
                    cancelOutstanding(
                            "readers did not pass it within "
                                    + TimeUnit.NANOSECONDS.toMillis(staleNanos)
                                    + " ms (busy or backpressured readers)");
                }
                return;
            }
            if (now - lastStartNanos < intervalNanos) {
                return;
            }
            String name = CheckpointNames.release(++sequence, nonce);
            lastStartNanos = now;
            outstandingSinceNanos = now;
            CompletableFuture<Checkpoint> started = readerGroup.initiateCheckpoint(name, executor);
            outstanding = started;
            started.whenComplete(
                    (checkpoint, failure) -> {
                        if (failure == null) {
                            LOG.debug(
                                    "Release checkpoint {} of reader group {} completed in {} ms",
                                    name,
                                    readerGroup.getGroupName(),
                                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - now));
                            onCompleted.completed(checkpoint, now);
                        } else {
                            // Cleared by a later checkpoint, cancelled, or rejected: the next one
                            // comes anyway.
                            LOG.debug(
                                    "Release checkpoint {} of reader group {} ended without completing",
                                    name,
                                    readerGroup.getGroupName(),
                                    failure);
                        }
                    });
        } catch (RejectedExecutionException e) {
            // Closing.
        } catch (RuntimeException e) {
            if (!executor.isShutdown()) { // a close interrupts a start in progress
                LOG.warn(
                        "Could not start a release checkpoint in reader group {}; retrying in {} ms",
                        readerGroup.getGroupName(),
                        TimeUnit.NANOSECONDS.toMillis(intervalNanos),
                        e);
            }
        } finally {
            startLock.unlock();
        }
    }

    private boolean isOutstanding() {
        CompletableFuture<Checkpoint> current = outstanding;
        return current != null && !current.isDone();
    }

    /**
     * Only while no Flink checkpoint is in progress: the cancel removes every outstanding
     * checkpoint.
     */
    private void cancelOutstanding(String why) {
        LOG.info(
                "Cancelling the outstanding release checkpoint of reader group {}: {}",
                readerGroup.getGroupName(),
                why);
        try {
            readerGroup.cancelOutstandingCheckpoints();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not cancel the release checkpoint of reader group {}",
                    readerGroup.getGroupName(),
                    e);
        }
        CompletableFuture<Checkpoint> current = outstanding;
        if (current != null) {
            current.cancel(false);
        }
        outstanding = null;
    }
}
