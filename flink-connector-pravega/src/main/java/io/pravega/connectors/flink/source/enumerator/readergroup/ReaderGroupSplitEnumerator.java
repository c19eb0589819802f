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
import io.pravega.client.stream.ConfigMismatchException;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.MaxNumberOfCheckpointsExceededException;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.StreamRange;
import io.pravega.connectors.flink.source.enumerator.PravegaAccess;
import io.pravega.connectors.flink.source.enumerator.PravegaClientAccess;
import io.pravega.connectors.flink.source.enumerator.PravegaEnumeratorState;
import io.pravega.connectors.flink.source.event.CheckpointAbortedEvent;
import io.pravega.connectors.flink.source.event.CheckpointNames;
import io.pravega.connectors.flink.source.event.ReaderFinishedEvent;
import io.pravega.connectors.flink.source.event.ReaderStartFailedEvent;
import io.pravega.connectors.flink.source.event.StartReadingEvent;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.ReaderGroupSplit;
import io.pravega.connectors.flink.util.ClassPreloader;
import io.pravega.connectors.flink.util.ClientLogs;
import io.pravega.connectors.flink.util.JvmErrors;
import io.pravega.connectors.flink.util.PravegaClients;
import io.pravega.connectors.flink.util.Redaction;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Enumerator of an unbounded read. Owns the source's Pravega reader group: creates (or resets) it
 * at start, hands each reader subtask a reader id, starts release checkpoints so that readers
 * follow stream scaling ({@link ReleaseCheckpoints}), and deletes a group whose name it generated
 * when the job ends.
 *
 * <p>Exactly-once: every Flink checkpoint is a reader-group checkpoint, taken in {@link
 * #snapshotState}, which waits for it while the readers hold. At-least-once: readers never hold,
 * and every completed reader-group checkpoint is a safe place to resume from ({@link
 * SafeCheckpoints}); {@link #snapshotState} takes one, waits for it briefly, and else stores the
 * newest one that completed, so a Flink checkpoint never fails or waits long because of Pravega.
 */
@Internal
public final class ReaderGroupSplitEnumerator
        implements SplitEnumerator<PravegaSplit, PravegaEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderGroupSplitEnumerator.class);
    private static final Duration EXECUTOR_STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int DELETE_ATTEMPTS = 2;
    private static final Duration ABORT_NOTICE_DELAY = Duration.ofMillis(500);

    /**
     * How long a checkpoint's failure waits for the reader group to drop its outstanding
     * checkpoints.
     */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);

    /**
     * Beyond a reader refresh and a read wait, for the readers' state updates and the completion
     * poll.
     */
    private static final long AT_LEAST_ONCE_WAIT_MARGIN_MS = 200;

    /** How often the group's online readers are read while a reader waits to start. */
    private static final long ONLINE_POLL_MS = 20;

    /** How long a reader waits at most for the others to join before it starts reading. */
    private static final Duration START_WAIT_MAX = Duration.ofSeconds(30);

    /**
     * The bound of each reader-group call at the start and at a rewind (create, reset, get, close
     * rehearsal). The client retries an unreachable Pravega for minutes; a healthy one answers
     * within seconds, and a slow one within this, as it does within the default controller timeout
     * of the job-start checks.
     */
    static final Duration READER_GROUP_CALL_TIMEOUT = Duration.ofSeconds(60);

    private final SplitEnumeratorContext<PravegaSplit> context;
    private final PravegaSourceConfig config;
    @Nullable private final ReaderGroupEnumeratorState restoredState;

    /** Keeps checkpoint names unique in a group that outlives this enumerator. */
    private final String nonce = UUID.randomUUID().toString().substring(0, 8);

    private final ReaderEpochs epochs = new ReaderEpochs();

    /** States of Flink checkpoints that are taken but not yet confirmed complete. */
    private final TreeMap<Long, ReaderGroupEnumeratorState> pendingCheckpoints = new TreeMap<>();

    /** The Pravega reader id handed to each subtask, while it has not finished. */
    private final Map<Integer, String> activeReaders = new HashMap<>();

    /** Readers start reading together, so that no segment has to move between them at once. */
    private final ReaderStartGate startGate = new ReaderStartGate(START_WAIT_MAX.toNanos());

    /** Whether a read of the online readers is scheduled or its answer not yet handled. */
    private boolean onlinePollPending;

    /** Runs release checkpoints and refreshes the metric gauges, off the coordinator thread. */
    private ScheduledExecutorService executor;

    /**
     * Runs the reader-group calls that the coordinator thread needs an answer of, so that it waits
     * for them only until its deadline. Not {@link #executor}: a release checkpoint or a gauge
     * refresh hung there must not hold them up. One thread: a call that returns after its deadline
     * still comes before the next one (e.g. a late checkpoint start before its cancel).
     */
    private ExecutorService clientCalls;

    private final Duration readerGroupCallTimeout;

    /** Set by close(): delayed notices to readers are dropped. */
    private volatile boolean closed;

    /**
     * Polls for the completion of Flink checkpoints' reader-group checkpoints, and nothing else.
     */
    private CheckpointPollScheduler pollScheduler;

    /**
     * Loads what the close may need while the job's class loader is open; null on Flink's class
     * path.
     */
    @Nullable private Thread preloader;

    /** At-least-once reads only. */
    @Nullable private SafeCheckpoints safeCheckpoints;

    private final PravegaAccess pravega;

    /** Whether the reader-group clients are open: from then on, close deletes a generated group. */
    private boolean pravegaOpen;

    private ReaderGroup readerGroup;
    private ReleaseCheckpoints releaseCheckpoints;
    private Map<Stream, StreamCut> endCuts;
    private ReaderGroupConfig initialGroupConfig;

    /** Where a rewind goes: the last completed checkpoint, or the initial positions if none. */
    @Nullable private ReaderGroupEnumeratorState lastCompleted;

    /** -1 until a reader-group checkpoint completed; read by the metric reporter's thread. */
    private volatile long lastCheckpointAlignmentMillis = -1;

    public ReaderGroupSplitEnumerator(
            SplitEnumeratorContext<PravegaSplit> context,
            PravegaSourceConfig config,
            @Nullable ReaderGroupEnumeratorState restoredState) {
        this(
                context,
                config,
                restoredState,
                new PravegaClientAccess(config.getPravegaConfig(), config.getReaderGroupScope()));
    }

    /** With the given access to Pravega, which this enumerator closes. */
    ReaderGroupSplitEnumerator(
            SplitEnumeratorContext<PravegaSplit> context,
            PravegaSourceConfig config,
            @Nullable ReaderGroupEnumeratorState restoredState,
            PravegaAccess pravega) {
        this(context, config, restoredState, pravega, READER_GROUP_CALL_TIMEOUT);
    }

    @VisibleForTesting
    ReaderGroupSplitEnumerator(
            SplitEnumeratorContext<PravegaSplit> context,
            PravegaSourceConfig config,
            @Nullable ReaderGroupEnumeratorState restoredState,
            PravegaAccess pravega,
            Duration readerGroupCallTimeout) {
        this.context = context;
        this.config = config;
        this.restoredState = restoredState;
        this.pravega = pravega;
        this.readerGroupCallTimeout = readerGroupCallTimeout;
    }

    @Override
    public void start() {
        String group = config.getReaderGroupName();
        preloader = ClassPreloader.startIfReleasable(group);
        if (config.isReaderGroupNameGenerated()) {
            GeneratedReaderGroupDeletion.prepare();
        }
        executor =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "pravega-enumerator-" + group);
                            thread.setDaemon(true);
                            return thread;
                        });
        clientCalls =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread thread = new Thread(r, "pravega-enumerator-calls-" + group);
                            thread.setDaemon(true);
                            return thread;
                        });
        pollScheduler = new CheckpointPollScheduler(group);
        ClientLogs.quietCheckpointPolls();
        // The stream checks and the gap lookup of a restore are bounded by the controller timeout
        // (StreamChecks, CheckpointGaps); the reader-group calls below by readerGroupCallTimeout.
        pravega.checkReaderGroupScope(config.getReaderGroupScope(), group);
        endCuts = restoredState != null ? restoredState.getEndCuts() : checkStreams();
        initialGroupConfig = groupConfig(startCuts());

        pravega.open();
        pravegaOpen = true;
        ReaderGroupConfig startConfig = initialGroupConfig;
        if (restoredState != null) {
            lastCompleted = restoredState;
            startConfig = restartConfig(restoredState);
        }
        // Synchronous, though bounded: readers register (addReader) only after start() returned,
        // so none is handed a reader id of a group that does not exist yet. With the creation
        // moved to callAsync, registration and checkpoints would have to wait for it.
        ReaderGroupConfig finalStartConfig = startConfig;
        boolean created =
                readerGroupCall(
                        "creating reader group " + group,
                        () -> createReaderGroup(group, finalStartConfig));
        if (!created) {
            // The group exists: a user-named group from an earlier run, or ours from before a
            // failover. Either way, it must start exactly where this attempt starts.
            readerGroupCall(
                    "resetting reader group " + group,
                    () -> {
                        try (ReaderGroup existing = pravega.getReaderGroup(group)) {
                            existing.resetReaderGroup(finalStartConfig);
                        }
                        return null;
                    });
        }
        readerGroup =
                readerGroupCall(
                        "opening reader group " + group, () -> pravega.getReaderGroup(group));
        readerGroupCall(
                "opening a second client of reader group " + group,
                () -> {
                    pravega.rehearseClose(group);
                    return null;
                });
        LOG.info(
                "Pravega reader group {}/{} ready for {} ({})",
                config.getReaderGroupScope(),
                group,
                config.getStreams(),
                restoredState == null
                        ? "initial positions"
                        : "restored from " + restoredState.describe());
        if (config.isMetricsEnabled()) {
            ReaderGroupMetricsGauges.register(
                    context.metricGroup(),
                    readerGroup,
                    endCuts.keySet(),
                    () -> lastCheckpointAlignmentMillis,
                    executor);
        }
        if (config.isAtLeastOnce()) {
            // Resuming an at-least-once read needs a checkpoint from the start on.
            long started = System.nanoTime();
            lastCompleted = restoredState != null ? restoredState : initialCheckpoint();
            safeCheckpoints = new SafeCheckpoints(lastCompleted, started, endCuts);
        }
        releaseCheckpoints =
                new ReleaseCheckpoints(
                        readerGroup,
                        executor,
                        config.getSegmentReleaseInterval(),
                        releaseStaleTimeout(),
                        config.getMaxOutstandingCheckpointRequest(),
                        nonce,
                        this::releaseCompleted);
        releaseCheckpoints.start();
    }

    /** Before any reader joined, a checkpoint completes at once, at the start positions. */
    private ReaderGroupEnumeratorState initialCheckpoint() {
        String name = CheckpointNames.release(0, nonce);
        long deadline = System.nanoTime() + config.getCheckpointInitiateTimeout().toNanos();
        try {
            pollScheduler.checkpointStarted();
            // The start may block before the future exists.
            CompletableFuture<Checkpoint> future =
                    callUntil(deadline, () -> readerGroup.initiateCheckpoint(name, pollScheduler));
            Checkpoint checkpoint =
                    future.get(
                            Math.max(
                                    1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                            TimeUnit.MILLISECONDS);
            return new ReaderGroupEnumeratorState(checkpoint, endCuts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRuntimeException(
                    "Interrupted while taking the start checkpoint of reader group "
                            + config.getReaderGroupName(),
                    e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new FlinkRuntimeException(
                    "Pravega reader group "
                            + config.getReaderGroupName()
                            + " could not take "
                            + "its start checkpoint "
                            + name
                            + ": "
                            + cause
                            + ". "
                            + JvmErrors.adviceFor(cause, ifUnreachable()),
                    cause);
        }
    }

    /** On the executor: an at-least-once read may resume from this checkpoint. */
    private void releaseCompleted(Checkpoint checkpoint, long startedNanos) {
        if (safeCheckpoints != null) {
            context.runInCoordinatorThread(
                    () -> safeCheckpoints.completed(checkpoint, startedNanos));
        }
    }

    /** As long as a Flink checkpoint may take, and never under ten release intervals. */
    private Duration releaseStaleTimeout() {
        Duration tenIntervals = config.getSegmentReleaseInterval().multipliedBy(10);
        Duration initiate = config.getCheckpointInitiateTimeout();
        return tenIntervals.compareTo(initiate) > 0 ? tenIntervals : initiate;
    }

    /** Creates the group; false if it exists already, whatever its configuration. */
    private boolean createReaderGroup(String group, ReaderGroupConfig groupConfig) {
        try {
            return pravega.createReaderGroup(group, groupConfig);
        } catch (ConfigMismatchException e) {
            return false;
        }
    }

    /** Fails if a stream is missing; returns each stream's end cut (unbounded on this path). */
    private Map<Stream, StreamCut> checkStreams() {
        Map<Stream, StreamCut> cuts = new LinkedHashMap<>();
        for (StreamRange range : config.getStreams()) {
            pravega.checkExists(range.getStream());
            cuts.put(range.getStream(), range.getEnd());
        }
        return cuts;
    }

    /** The given start cuts, or the tails as they are now if the read starts at the tail. */
    private Map<Stream, StreamCut> startCuts() {
        Map<Stream, StreamCut> cuts = new LinkedHashMap<>();
        for (StreamRange range : config.getStreams()) {
            cuts.put(
                    range.getStream(),
                    config.isStartAtTail()
                            ? pravega.checkExistsAndGetTail(range.getStream())
                            : range.getStart());
        }
        return cuts;
    }

    private ReaderGroupConfig groupConfig(Map<Stream, StreamCut> startCuts) {
        ReaderGroupConfig.ReaderGroupConfigBuilder builder =
                ReaderGroupConfig.builder()
                        .disableAutomaticCheckpoints()
                        .groupRefreshTimeMillis(config.getReaderGroupRefreshTime().toMillis())
                        .maxOutstandingCheckpointRequest(
                                config.getMaxOutstandingCheckpointRequest());
        for (Map.Entry<Stream, StreamCut> end : endCuts.entrySet()) {
            builder.stream(
                    end.getKey(),
                    startCuts.getOrDefault(end.getKey(), StreamCut.UNBOUNDED),
                    end.getValue());
        }
        return builder.build();
    }

    /**
     * The group's configuration to restart at a checkpoint, with the gaps a scale can leave filled.
     */
    private ReaderGroupConfig restartConfig(ReaderGroupEnumeratorState checkpoint) {
        try {
            return groupConfig(
                    pravega.fillCheckpointGaps(
                            checkpoint.getPositions(),
                            endCuts,
                            config.getPravegaConfig().getControllerTimeout()));
        } catch (Exception e) {
            throw new FlinkRuntimeException(
                    "Could not restart reader group "
                            + config.getReaderGroupName()
                            + " at "
                            + checkpoint.describe()
                            + ": looking up the successors of its segments failed: "
                            + e
                            + ". "
                            + JvmErrors.adviceFor(e, ifUnreachable()),
                    e);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        ReaderEpochs.Action action =
                epochs.onRegister(subtaskId, context.registeredReaders().keySet());
        switch (action) {
            case FAIL_GLOBALLY:
                throw new FlinkRuntimeException(
                        "Pravega reader subtask "
                                + subtaskId
                                + " of reader group "
                                + config.getReaderGroupName()
                                + " restarted while other readers kept running. A reader "
                                + "group can only rewind as a whole, so all readers restart from "
                                + "the last checkpoint.");
            case REWIND_THEN_JOIN:
                rewind();
                break;
            case JOIN:
            default:
                break;
        }
        String readerId =
                "reader-" + subtaskId + "-" + UUID.randomUUID().toString().substring(0, 8);
        activeReaders.put(subtaskId, readerId);
        context.assignSplit(new ReaderGroupSplit(subtaskId, readerId), subtaskId);
        startGate.registered(subtaskId, System.nanoTime());
        pollOnlineReadersSoon();
    }

    /** On the executor: reads which readers are online, then decides on the coordinator thread. */
    private void pollOnlineReadersSoon() {
        if (onlinePollPending) {
            return;
        }
        onlinePollPending = true;
        try {
            executor.schedule(
                    () -> {
                        Set<String> online;
                        try {
                            online = readerGroup.getOnlineReaders();
                        } catch (RuntimeException e) {
                            LOG.debug(
                                    "Could not read the online readers of reader group {}",
                                    config.getReaderGroupName(),
                                    e);
                            online = Set.of();
                        }
                        Set<String> answer = online;
                        context.runInCoordinatorThread(() -> startReadersIfAllOnline(answer));
                    },
                    ONLINE_POLL_MS,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing.
        }
    }

    private void startReadersIfAllOnline(Set<String> online) {
        onlinePollPending = false;
        long now = System.nanoTime();
        long waited = startGate.longestWaitMillis(now);
        Set<String> expected = expectedReaders();
        int registered = context.registeredReaders().size();
        int parallelism = context.currentParallelism();
        List<Integer> opened = startGate.open(online, expected, registered, parallelism, now);
        if (!opened.isEmpty()) {
            if (ReaderStartGate.everyReaderOnline(online, expected, registered, parallelism)) {
                LOG.info(
                        "Readers of reader group {} start reading: all {} are online (waited {} ms)",
                        config.getReaderGroupName(),
                        registered,
                        waited);
            } else {
                LOG.warn(
                        "Readers of reader group {} start reading although not every reader joined within {} s: "
                                + "segments may move between readers later",
                        config.getReaderGroupName(),
                        START_WAIT_MAX.toSeconds());
            }
            startReading(opened);
        } else if (startGate.isWaiting()) {
            pollOnlineReadersSoon();
        }
    }

    private void startReading(List<Integer> subtasks) {
        Map<Integer, ?> registered = context.registeredReaders();
        for (int subtask : subtasks) {
            if (registered.containsKey(subtask)) {
                context.sendEventToSourceReader(subtask, new StartReadingEvent());
            }
        }
    }

    /**
     * All readers restart after a failure the enumerator survived: start over at the last
     * checkpoint.
     */
    private void rewind() {
        ReaderGroupConfig target =
                lastCompleted == null ? initialGroupConfig : restartConfig(lastCompleted);
        LOG.info(
                "Readers of {} restart after a failure; rewinding the reader group to {}",
                config.getReaderGroupName(),
                lastCompleted == null ? "its initial positions" : lastCompleted.describe());
        readerGroupCall(
                "rewinding reader group " + config.getReaderGroupName(),
                () -> {
                    readerGroup.resetReaderGroup(target);
                    return null;
                });
        if (safeCheckpoints != null) {
            // Taken after the reset: checkpoints started before it hold positions from before it.
            safeCheckpoints.rewound(lastCompleted, System.nanoTime());
        }
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        if (sourceEvent instanceof ReaderStartFailedEvent) {
            throw ((ReaderStartFailedEvent) sourceEvent).failure(subtaskId);
        }
        if (sourceEvent instanceof ReaderFinishedEvent) {
            activeReaders.values().remove(((ReaderFinishedEvent) sourceEvent).getReaderId());
        }
    }

    @Override
    public ReaderGroupEnumeratorState snapshotState(long checkpointId) throws Exception {
        try {
            if (safeCheckpoints != null) {
                return takeAtLeastOnceCheckpoint(checkpointId);
            }
            ReaderGroupEnumeratorState state =
                    takeCheckpoint(checkpointId, config.getCheckpointInitiateTimeout().toMillis());
            pendingCheckpoints.put(checkpointId, state);
            return state;
        } finally {
            releaseCheckpoints.flinkCheckpointEnded();
        }
    }

    /**
     * A fresh reader-group checkpoint if it completes within about one reader refresh and read
     * wait, else the newest one that completed: the Flink checkpoint never fails because of it.
     */
    private ReaderGroupEnumeratorState takeAtLeastOnceCheckpoint(long checkpointId)
            throws Exception {
        long started = System.nanoTime();
        long waitMs =
                config.getReaderGroupRefreshTime().plus(config.getEventReadTimeout()).toMillis()
                        + AT_LEAST_ONCE_WAIT_MARGIN_MS;
        try {
            safeCheckpoints.completed(
                    takeCheckpoint(
                                    checkpointId,
                                    Math.min(
                                            waitMs,
                                            config.getCheckpointInitiateTimeout().toMillis()))
                            .getCheckpoint(),
                    started);
        } catch (FlinkRuntimeException e) {
            LOG.debug(
                    "Flink checkpoint {} of reader group {} stores the last completed reader-group checkpoint {}: {}",
                    checkpointId,
                    config.getReaderGroupName(),
                    safeCheckpoints.current().describe(),
                    e.getMessage());
        }
        ReaderGroupEnumeratorState state = safeCheckpoints.current();
        pendingCheckpoints.put(checkpointId, state);
        return state;
    }

    /**
     * The reader-group checkpoint of a Flink checkpoint; no release checkpoint starts meanwhile.
     */
    private ReaderGroupEnumeratorState takeCheckpoint(long checkpointId, long timeoutMs)
            throws Exception {
        String name = CheckpointNames.of(checkpointId, nonce);
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Set<String> expected = expectedReaders();
        CompletableFuture<Checkpoint> future;
        try {
            awaitReadersOnline(checkpointId, expected, deadline, timeoutMs);
            // Waiting readers would never pass the checkpoint; a poll's answer cannot reach this
            // thread before it returns.
            startReading(startGate.openAll());
            if (!releaseCheckpoints.flinkCheckpointStarting(deadline)) {
                throw new FlinkRuntimeException(
                        "Flink checkpoint "
                                + checkpointId
                                + " fails: reader group "
                                + config.getReaderGroupName()
                                + " did not accept a new checkpoint within "
                                + timeoutMs
                                + " ms. "
                                + ifUnreachable());
            }
            checkpointCall(
                    checkpointId,
                    deadline,
                    timeoutMs,
                    "making room for its checkpoint",
                    () -> {
                        releaseCheckpoints.makeRoomForFlinkCheckpoint();
                        return null;
                    });
            pollScheduler.checkpointStarted();
            try {
                future =
                        checkpointCall(
                                checkpointId,
                                deadline,
                                timeoutMs,
                                "starting checkpoint " + name,
                                () -> readerGroup.initiateCheckpoint(name, pollScheduler));
            } catch (FlinkRuntimeException e) {
                // It may still start; the cancel runs after it on the same thread.
                abandonCheckpoint(checkpointId);
                throw e;
            }
        } catch (FlinkRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(checkpointId, name, e); // the client's own errors name no Pravega
        }
        try {
            long remainingMs =
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            Checkpoint checkpoint = future.get(remainingMs, TimeUnit.MILLISECONDS);
            lastCheckpointAlignmentMillis =
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return new ReaderGroupEnumeratorState(checkpoint, endCuts);
        } catch (TimeoutException e) {
            future.cancel(false);
            abandonCheckpoint(checkpointId);
            throw new FlinkRuntimeException(
                    "Pravega reader group "
                            + config.getReaderGroupName()
                            + " did not complete "
                            + "checkpoint "
                            + name
                            + " within "
                            + timeoutMs
                            + " ms, so Flink checkpoint "
                            + checkpointId
                            + " fails. Every reader must read past the checkpoint event; if "
                            + "readers are slow or "
                            + "backpressured, raise withCheckpointInitiateTimeout (now "
                            + timeoutMs
                            + " ms).",
                    e);
        } catch (ExecutionException e) {
            abandonCheckpoint(checkpointId);
            if (!(e.getCause() instanceof MaxNumberOfCheckpointsExceededException)) {
                throw failed(checkpointId, name, e.getCause());
            }
            throw new FlinkRuntimeException(
                    "Pravega reader group "
                            + config.getReaderGroupName()
                            + " rejected "
                            + "checkpoint "
                            + name
                            + " for Flink checkpoint "
                            + checkpointId
                            + ": "
                            + e.getCause()
                            + ". If too many checkpoints are outstanding, raise "
                            + "withMaxOutstandingCheckpointRequest (now "
                            + config.getMaxOutstandingCheckpointRequest()
                            + ").",
                    e.getCause());
        }
    }

    private FlinkRuntimeException failed(long checkpointId, String name, Throwable cause) {
        return new FlinkRuntimeException(
                "Pravega reader group "
                        + config.getReaderGroupName()
                        + " could not take "
                        + "checkpoint "
                        + name
                        + " for Flink checkpoint "
                        + checkpointId
                        + ": "
                        + cause
                        + ". "
                        + JvmErrors.adviceFor(cause, ifUnreachable()),
                cause);
    }

    private String ifUnreachable() {
        return "If Pravega at "
                + Redaction.uri(config.getPravegaConfig().getControllerURI())
                + " is down or unreachable, start it or fix the controller URI.";
    }

    /**
     * Runs a reader-group call of the checkpoint path on {@link #clientCalls} until the
     * checkpoint's deadline; a call with no answer by then fails the Flink checkpoint.
     */
    private <T> T checkpointCall(
            long checkpointId, long deadline, long timeoutMs, String what, Callable<T> call)
            throws InterruptedException {
        try {
            return callUntil(deadline, call);
        } catch (TimeoutException e) {
            throw new FlinkRuntimeException(
                    "Flink checkpoint "
                            + checkpointId
                            + " fails: reader group "
                            + config.getReaderGroupName()
                            + " did not answer within "
                            + timeoutMs
                            + " ms while "
                            + what
                            + ". "
                            + ifUnreachable(),
                    e);
        } catch (ExecutionException e) {
            throw asRuntime(e.getCause());
        }
    }

    /**
     * Runs a reader-group call of the start or of a rewind on {@link #clientCalls}, bounded by
     * {@link #readerGroupCallTimeout}.
     */
    private <T> T readerGroupCall(String what, Callable<T> call) {
        try {
            return callUntil(System.nanoTime() + readerGroupCallTimeout.toNanos(), call);
        } catch (TimeoutException e) {
            throw new FlinkRuntimeException(
                    "No answer from Pravega within "
                            + readerGroupCallTimeout.toSeconds()
                            + " s while "
                            + what
                            + " in scope '"
                            + config.getReaderGroupScope()
                            + "'. Check that Pravega (controller "
                            + Redaction.uri(config.getPravegaConfig().getControllerURI())
                            + " and its segment stores) runs and is reachable from the JobManager, "
                            + "and that the controller URI is right.",
                    e);
        } catch (ExecutionException e) {
            throw asRuntime(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRuntimeException("Interrupted while " + what, e);
        }
    }

    /**
     * The client's own exceptions pass unchanged, so that callers and messages treat them alike.
     */
    private static RuntimeException asRuntime(Throwable cause) {
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new FlinkRuntimeException(cause);
    }

    /**
     * Runs {@code call} on {@link #clientCalls} and waits for it until the deadline. A result that
     * comes later is closed or cancelled, as nobody takes it.
     */
    private <T> T callUntil(long deadlineNanos, Callable<T> call)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> task;
        try {
            task =
                    clientCalls.submit(
                            () -> {
                                try {
                                    T value = call.call();
                                    if (!result.complete(value)) {
                                        discard(value);
                                    }
                                } catch (Throwable t) {
                                    result.completeExceptionally(t);
                                }
                            });
        } catch (RejectedExecutionException e) {
            throw new ExecutionException(
                    new IllegalStateException("The enumerator of reader group is closing", e));
        }
        try {
            return result.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            result.cancel(false);
            // Interrupts a call that waits interruptibly; one still queued never runs.
            task.cancel(true);
            throw e;
        }
    }

    private void discard(@Nullable Object late) {
        if (late instanceof Future) {
            ((Future<?>) late).cancel(false);
        } else if (late instanceof AutoCloseable) {
            try {
                ((AutoCloseable) late).close();
            } catch (Exception e) {
                LOG.debug(
                        "Could not close a late answer of reader group {}",
                        config.getReaderGroupName(),
                        e);
            }
        }
    }

    /**
     * A reader that joins the group after a checkpoint was initiated never sees its event, and its
     * task would wait for it until Flink's checkpoint timeout; so every reader must be in the group
     * first.
     */
    private void awaitReadersOnline(
            long checkpointId, Set<String> expected, long deadline, long timeoutMs)
            throws InterruptedException {
        // Each read waits on the group's state, which may not come while Pravega is away.
        Callable<Set<String>> read = readerGroup::getOnlineReaders;
        String what = "reading its online readers";
        Set<String> online;
        while (!(online = checkpointCall(checkpointId, deadline, timeoutMs, what, read))
                .containsAll(expected)) {
            if (System.nanoTime() > deadline) {
                expected.removeAll(online);
                throw new FlinkRuntimeException(
                        "Flink checkpoint "
                                + checkpointId
                                + " fails: Pravega readers "
                                + expected
                                + " have not joined reader group "
                                + config.getReaderGroupName()
                                + " yet.");
            }
            Thread.sleep(20);
        }
    }

    /** Reader ids of registered subtasks that have not finished. */
    private Set<String> expectedReaders() {
        Set<String> expected = new HashSet<>();
        for (int subtask : context.registeredReaders().keySet()) {
            String readerId = activeReaders.get(subtask);
            if (readerId != null) {
                expected.add(readerId);
            }
        }
        return expected;
    }

    /** Drops a Pravega checkpoint that will not become a Flink checkpoint, so none pile up. */
    private void abandonCheckpoint(long checkpointId) {
        pendingCheckpoints.remove(checkpointId);
        // Off the coordinator thread: with Pravega gone the call retries for minutes, and the
        // blocked coordinator would hold back every reader's failure until it returns. On the
        // thread of the checkpoint's start, so that it follows a start that came late.
        CompletableFuture<Void> cancel;
        try {
            cancel =
                    CompletableFuture.runAsync(
                            readerGroup::cancelOutstandingCheckpoints, clientCalls);
        } catch (RejectedExecutionException e) {
            return; // closing
        }
        try {
            cancel.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "Could not cancel outstanding checkpoints of reader group {} within {} ms; {}",
                    config.getReaderGroupName(),
                    CANCEL_WAIT.toMillis(),
                    ifUnreachable(),
                    e);
        }
        tellReadersAborted(checkpointId);
    }

    /**
     * Tells the readers, a moment later, to pass over an aborted checkpoint's event. A checkpoint
     * is often aborted because a task failed; an event to a task that Flink has not yet marked as
     * failed triggers a second failover, and its error ("Task is not running") then replaces the
     * first failure's as the job's reported cause. The delay lets Flink unregister failed readers.
     */
    private void tellReadersAborted(long checkpointId) {
        // Not on the enumerator's executor: a release checkpoint or a gauge refresh that hangs
        // there while Pravega is away would hold the notice back.
        CompletableFuture.delayedExecutor(
                        ABORT_NOTICE_DELAY.toMillis(),
                        TimeUnit.MILLISECONDS,
                        context::runInCoordinatorThread)
                .execute(
                        () -> {
                            if (closed) {
                                return; // no reader waits any more
                            }
                            for (int subtask : context.registeredReaders().keySet()) {
                                context.sendEventToSourceReader(
                                        subtask, new CheckpointAbortedEvent(checkpointId));
                            }
                        });
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        ReaderGroupEnumeratorState completed = pendingCheckpoints.get(checkpointId);
        if (completed != null) {
            lastCompleted = completed;
        }
        pendingCheckpoints.headMap(checkpointId, true).clear();
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        if (pendingCheckpoints.remove(checkpointId) != null) {
            tellReadersAborted(checkpointId);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // Readers get their split when they register; they never ask for more.
    }

    @Override
    public void addSplitsBack(List<PravegaSplit> splits, int subtaskId) {
        // A failed reader's split is void: the subtask gets a new reader id when it registers
        // again.
        startGate.removed(subtaskId);
        LOG.debug("Reader subtask {} failed; its splits {} are dropped", subtaskId, splits);
    }

    /**
     * Ends all of the enumerator's own work, then deletes a generated group with new clients.
     *
     * <p>Nothing of the enumerator's runs beside the delete: with a checkpoint poll cut short or a
     * group-state read still on the enumerator's connection, deletes hung for their whole timeout
     * (seen in a session cluster, cancelling jobs mid-checkpoint). Flink may close the job's class
     * loader while this runs (see {@link GeneratedReaderGroupDeletion}); each step survives that.
     */
    @Override
    public void close() {
        closed = true;
        if (preloader != null) {
            preloader.interrupt();
            closeStep("wait for class preloading", this::awaitPreloader);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (clientCalls != null) {
            clientCalls.shutdownNow();
        }
        if (pollScheduler != null) {
            pollScheduler.shutdownNow();
        }
        awaitExecutorStop();
        if (readerGroup != null) {
            closeStep("close reader group", readerGroup::close);
        }
        closeStep("close Pravega clients", pravega::close);
        if (pravegaOpen && config.isReaderGroupNameGenerated()) {
            closeStep("delete reader group", this::deleteGeneratedGroup);
        }
        // Flink does not wait for this close before it releases the job's class loader.
        closeStep("wait for client threads", PravegaClients::awaitSharedThreads);
    }

    /**
     * On new clients (the same path the start's close rehearsal loaded), and once more if that
     * fails.
     */
    private void deleteGeneratedGroup() {
        for (int attempt = 1; attempt <= DELETE_ATTEMPTS; attempt++) {
            if (pravega.deleteReaderGroup(
                    config.getReaderGroupName(), attempt == DELETE_ATTEMPTS)) {
                return;
            }
        }
    }

    private void awaitPreloader() {
        try {
            preloader.join(EXECUTOR_STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One step of close(): a failure, even a class that can no longer load, must not skip the
     * others.
     */
    private void closeStep(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Could not {} of reader group {}", what, config.getReaderGroupName(), e);
        }
    }

    private void awaitExecutorStop() {
        awaitStop(executor, "checkpoint");
        awaitStop(clientCalls, "client call");
        awaitStop(pollScheduler, "checkpoint poll");
    }

    private void awaitStop(@Nullable ExecutorService service, String what) {
        if (service == null) {
            return;
        }
        try {
            if (!service.awaitTermination(
                    EXECUTOR_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "The {} thread of reader group {} did not stop within {} s",
                        what,
                        config.getReaderGroupName(),
                        EXECUTOR_STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
