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

import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.event.CheckpointAbortedEvent;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.ExternallyInducedSourceReader;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The exactly-once reader. Records before Pravega's checkpoint event for Flink checkpoint N are
 * emitted, then the reader reports N through {@link #shouldTriggerCheckpoint()}, and the records
 * after the event are emitted only after the barrier, so that the barrier sits exactly where
 * Pravega's checkpoint does.
 *
 * <p>A hold ends when Flink takes the checkpoint or aborts it. Flink's abort notices are
 * best-effort, so a hold also has a limit: the reader-group checkpoint's own timeout, within which
 * the checkpoint is taken or given up, plus a margin for Flink to trigger the task. A hold past it
 * fails the task, which restarts from its last completed checkpoint; a reader that held on would
 * read nothing more, so it would not even notice that Pravega is gone.
 */
@Internal
public final class ExactlyOnceSourceReader<T> extends ReaderGroupSourceReader<T>
        implements ExternallyInducedSourceReader<T, PravegaSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceSourceReader.class);

    /**
     * Flink 2.3's {@code CheckpointingOptions.PAUSE_SOURCES_UNTIL_FIRST_CHECKPOINT}, declared here
     * so that every Flink line compiles; lines without it never set it.
     */
    static final ConfigOption<Boolean> PAUSE_SOURCES_UNTIL_FIRST_CHECKPOINT =
            ConfigOptions.key("pipeline.sources.pause-until-first-checkpoint")
                    .booleanType()
                    .defaultValue(false);

    /** Added to the reader-group checkpoint timeout: time for Flink to trigger the task. */
    static final Duration HOLD_MARGIN = Duration.ofSeconds(90);

    /** Flink checkpoints known to be aborted: their Pravega checkpoint events are passed over. */
    private final TreeSet<Long> abortedCheckpoints = new TreeSet<>();

    private Long checkpointToReport;

    /**
     * The checkpoint reported but not yet taken. Flink may run this reader once more between the
     * report and the checkpoint (when the trigger RPC arrived first), so nothing is emitted until
     * {@link #snapshotState} for it runs, or it is aborted.
     */
    private Long checkpointToTake;

    private long lastReportedCheckpoint = -1;

    /** Completed when the current hold ends; waited on instead of the fetch while holding. */
    private CompletableFuture<Void> holdEnded = new CompletableFuture<>();

    private final Duration holdLimit;
    private long holdStartedNanos;

    /** Wakes the task thread when a hold reaches its limit; started with the first hold. */
    private ScheduledExecutorService holdTimer;

    private ScheduledFuture<?> holdWakeUp;

    public ExactlyOnceSourceReader(
            SourceReaderContext context,
            PravegaSourceConfig config,
            DeserializationSchema<T> schema) {
        this(
                context,
                config,
                schema,
                new ReaderGroupFetch(config),
                config.getCheckpointInitiateTimeout().plus(HOLD_MARGIN));
    }

    /**
     * Reads with the given fetch, which this reader opens and closes; a hold longer than {@code
     * holdLimit} fails the task.
     */
    ExactlyOnceSourceReader(
            SourceReaderContext context,
            PravegaSourceConfig config,
            DeserializationSchema<T> schema,
            Fetch fetch,
            Duration holdLimit) {
        super(context, config, schema, fetch);
        rejectPausedSources(context.getConfiguration());
        this.holdLimit = holdLimit;
    }

    /**
     * After a restore, a paused source is not polled until Flink takes a checkpoint, and Flink
     * takes this reader's checkpoints only once the reader, polled, reports the checkpoint's event:
     * the job would wait for each checkpoint until it times out. Flink hands a reader only the
     * cluster's configuration, so a job that sets the option for itself is not caught here (see the
     * troubleshooting page).
     */
    static void rejectPausedSources(ReadableConfig configuration) {
        if (configuration.get(PAUSE_SOURCES_UNTIL_FIRST_CHECKPOINT)) {
            throw new IllegalStateException(
                    "The exactly-once Pravega reader cannot run with "
                            + PAUSE_SOURCES_UNTIL_FIRST_CHECKPOINT.key()
                            + "=true. After a restore, Flink would not poll the reader until it "
                            + "takes a checkpoint, and this reader places each checkpoint at Pravega's "
                            + "checkpoint event, which it sees only when polled: no checkpoint could "
                            + "complete again. Remove the option, or read at-least-once "
                            + "(withDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE), or "
                            + "'scan.delivery-guarantee' = 'at-least-once' in SQL), whose checkpoints "
                            + "do not wait for the reader.");
        }
    }

    @Override
    protected boolean isHolding() {
        return checkpointToReport != null || checkpointToTake != null;
    }

    @Override
    protected void checkHold() throws IOException {
        if (!isHolding() || System.nanoTime() - holdStartedNanos < holdLimit.toNanos()) {
            return;
        }
        long checkpointId = checkpointToTake != null ? checkpointToTake : checkpointToReport;
        throw new IOException(
                "Pravega reader "
                        + readerId()
                        + " has held its events for "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - holdStartedNanos)
                        + " s at the reader-group checkpoint of Flink checkpoint "
                        + checkpointId
                        + ", and Flink has neither taken nor aborted that checkpoint. The reader "
                        + "fails rather than wait forever; the job restarts from its last completed "
                        + "checkpoint, so nothing is lost. This happens when the checkpoint's abort "
                        + "notice is lost, or when the source cannot reach Pravega at "
                        + controllerUri()
                        + ": check that Pravega runs and is reachable at that controller URI.");
    }

    @Override
    protected void atFlinkCheckpointEvent(long checkpointId) {
        if (checkpointId <= lastReportedCheckpoint || abortedCheckpoints.contains(checkpointId)) {
            LOG.debug(
                    "Passing over the Pravega checkpoint event of Flink checkpoint {}",
                    checkpointId);
            return;
        }
        // Nothing after the checkpoint event may pass before the barrier.
        checkpointToReport = checkpointId;
        holdEnded = new CompletableFuture<>();
        holdStartedNanos = System.nanoTime();
        CompletableFuture<Void> thisHold = holdEnded;
        // Completing the hold's future only wakes the task thread, which then fails the task.
        holdWakeUp =
                holdTimer()
                        .schedule(
                                () -> thisHold.complete(null),
                                holdLimit.toMillis(),
                                TimeUnit.MILLISECONDS);
    }

    private ScheduledExecutorService holdTimer() {
        if (holdTimer == null) {
            ScheduledThreadPoolExecutor timer =
                    new ScheduledThreadPoolExecutor(
                            1, PravegaClients.daemonThreads("pravega-reader-hold-limit"));
            timer.setRemoveOnCancelPolicy(true);
            holdTimer = timer;
        }
        return holdTimer;
    }

    @Override
    protected CompletableFuture<Void> holdEnded() {
        return CompletableFuture.anyOf(holdEnded, fetch.failed()).thenApply(ignored -> null);
    }

    @Override
    public Optional<Long> shouldTriggerCheckpoint() {
        if (checkpointToReport == null) {
            return Optional.empty();
        }
        long checkpointId = checkpointToReport;
        checkpointToReport = null;
        checkpointToTake = checkpointId;
        lastReportedCheckpoint = checkpointId;
        return Optional.of(checkpointId);
    }

    @Override
    public List<PravegaSplit> snapshotState(long checkpointId) {
        if (checkpointToTake != null && checkpointId >= checkpointToTake) {
            endHold();
        }
        return super.snapshotState(checkpointId);
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
        if (sourceEvent instanceof CheckpointAbortedEvent) {
            notifyCheckpointAborted(((CheckpointAbortedEvent) sourceEvent).getCheckpointId());
        } else {
            super.handleSourceEvents(sourceEvent);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        abortedCheckpoints.add(checkpointId);
        if (checkpointToTake != null && checkpointToTake == checkpointId) {
            endHold();
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        abortedCheckpoints.headSet(checkpointId, true).clear();
    }

    private void endHold() {
        checkpointToTake = null;
        holdEnded.complete(null);
        if (holdWakeUp != null) {
            holdWakeUp.cancel(false);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (holdTimer != null) {
                holdTimer.shutdownNow();
            }
        }
    }
}
