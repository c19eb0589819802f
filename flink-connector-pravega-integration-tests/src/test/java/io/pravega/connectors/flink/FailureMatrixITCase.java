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
package io.pravega.connectors.flink;

import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.source.event.CheckpointNames;
import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.utils.ExactlyOnceValidator;
import io.pravega.connectors.flink.utils.Fault;
import io.pravega.connectors.flink.utils.Faults;
import io.pravega.connectors.flink.utils.IntegerSerializer;
import io.pravega.connectors.flink.utils.Jobs;
import io.pravega.connectors.flink.utils.Pace;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.Probe;
import io.pravega.connectors.flink.utils.ReaderGroupCheckpoints;
import io.pravega.connectors.flink.utils.StreamContents;
import io.pravega.connectors.flink.utils.StreamScaling;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TestEvents;
import io.pravega.connectors.flink.utils.Throttle;
import io.pravega.connectors.flink.utils.Verdict;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure matrix: the reader alone, the writer alone and the reader-to-writer pipeline, all
 * exactly-once, and the reader in its at-least-once mode (nothing lost), each through a task
 * failure after a checkpoint, a failure before the first checkpoint, the loss of a TaskManager,
 * rescaling 2 to 4 and 4 to 2 (each a stop-with-savepoint and a restore), and a stream that splits
 * and merges segments while the job runs. Every case moves 100,000 integers, routed by {@code value
 * % 7}, and a validator counts every record: none lost, none twice, each key in order. The reader's
 * validator is an operator with checkpointed state; the writer's and the pipeline's output is read
 * back with the plain Pravega client.
 *
 * <p>Then a Pravega that stops under running jobs, which must fail in bounded time naming the
 * controller, and checkpoints that are slow or expire, which must lose nothing and leave no
 * reader-group checkpoints behind.
 */
class FailureMatrixITCase {

    private static final Logger LOG = LoggerFactory.getLogger(FailureMatrixITCase.class);

    private static final int EVENTS = 100_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /**
     * Each subtask sleeps 1 ms per this many records: a run takes seconds, so faults land mid-run.
     */
    private static final int THROTTLE_EVERY = 10;

    private static final long CHECKPOINT_INTERVAL = 300;

    /** A fault can fail several pipelined regions; each counts as one restart. */
    private static final int RESTARTS = 10;

    /** 4 slots on 2 TaskManagers: a job of parallelism 4 runs on both. */
    @RegisterExtension static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.of(2, 2);

    /**
     * The MiniCluster keeps terminated TaskManagers in its list: the index of the oldest live one.
     */
    private static int oldestTaskManager;

    enum Subject {
        /** Pre-written stream -> FlinkPravegaReader -> validator. */
        READER,
        /**
         * As READER, with the at-least-once read mode, which never holds at checkpoints: nothing
         * may be lost, repeats are counted and logged.
         */
        AT_LEAST_ONCE_READER,
        /**
         * Checkpointed number source -> FlinkPravegaWriter EXACTLY_ONCE; the stream is read back.
         */
        WRITER,
        /**
         * Pre-written stream -> FlinkPravegaReader -> FlinkPravegaWriter EXACTLY_ONCE; the output
         * is read back.
         */
        PIPELINE;

        /**
         * Whether a validator in the job counts the records (else the output stream is read back).
         */
        boolean validatesInJob() {
            return this == READER || this == AT_LEAST_ONCE_READER;
        }
    }

    enum Scenario {
        FAILURE_AFTER_CHECKPOINT,
        FAILURE_BEFORE_FIRST_CHECKPOINT,
        TASK_MANAGER_LOSS,
        // A restore at the same parallelism is the rescales' restore with nothing moved.
        RESCALE_2_TO_4,
        RESCALE_4_TO_2,
        STREAM_SPLIT_AND_MERGE,
        /**
         * An exactly-once writer job writes the input while the reader reads it and the input
         * splits and merges, so transactions are open across scales; the reader fails once, too.
         * (For the writer subject, STREAM_SPLIT_AND_MERGE is this case.)
         */
        TRANSACTIONAL_INPUT_SCALES;

        /**
         * Whether the job fails and restarts; savepoints, rescaling and stream scaling alone must
         * not.
         */
        boolean restarts() {
            return this == FAILURE_AFTER_CHECKPOINT
                    || this == FAILURE_BEFORE_FIRST_CHECKPOINT
                    || this == TASK_MANAGER_LOSS
                    || this == TRANSACTIONAL_INPUT_SCALES;
        }
    }

    static List<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Subject subject : Subject.values()) {
            for (Scenario scenario : Scenario.values()) {
                if (runs(subject, scenario)) {
                    cases.add(Arguments.of(subject, scenario));
                }
            }
        }
        return cases;
    }

    private static boolean runs(Subject subject, Scenario scenario) {
        switch (scenario) {
            case TRANSACTIONAL_INPUT_SCALES:
                // For the writer, STREAM_SPLIT_AND_MERGE is this case; the at-least-once reader
                // never holds, so transactions open across a scale change nothing for it.
                return subject == Subject.READER || subject == Subject.PIPELINE;
            case FAILURE_BEFORE_FIRST_CHECKPOINT:
            case RESCALE_2_TO_4:
                // The at-least-once reader restores as the exactly-once one does; its own cases
                // are those where it may repeat: a failure, a lost TaskManager, fewer readers.
                return subject != Subject.AT_LEAST_ONCE_READER;
            default:
                return true;
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("matrix")
    void nothingLostNorRepeated(
            Subject subject,
            Scenario scenario,
            @InjectMiniCluster MiniCluster miniCluster,
            @TempDir Path savepoints)
            throws Exception {
        long start = System.nanoTime();
        boolean twoSegments =
                scenario == Scenario.STREAM_SPLIT_AND_MERGE
                        || scenario == Scenario.TRANSACTIONAL_INPUT_SCALES;
        try (Run run =
                new Run(
                        subject,
                        (subject + "-" + scenario).toLowerCase().replace('_', '-'),
                        twoSegments ? 2 : 4)) {
            runScenario(run, scenario, miniCluster, savepoints);
            LOG.info(
                    "{} passed in {} s: {}, restarted {}, records passed {}",
                    run.name,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                    run.verdict(),
                    run.probe.restarted.get(),
                    run.probe.records.get());
        }
    }

    private static void runScenario(
            Run run, Scenario scenario, MiniCluster miniCluster, Path savepoints) throws Exception {
        Probe probe = run.probe;
        switch (scenario) {
            case FAILURE_AFTER_CHECKPOINT:
                run.writeInput(0, EVENTS);
                run.finish(run.start(2, CHECKPOINT_INTERVAL, Fault.afterCheckpoint(3_000), null));
                assertThat(probe.checkpointAtFailure)
                        .as("checkpoint completed before the failure")
                        .isPositive();
                break;
            case FAILURE_BEFORE_FIRST_CHECKPOINT:
                run.writeInput(0, EVENTS);
                // The first checkpoint comes 3 s after the start, the failure after 2,000 records.
                run.finish(run.start(2, 3_000, Fault.beforeFirstCheckpoint(2_000), null));
                assertThat(probe.checkpointAtFailure)
                        .as("checkpoint completed before the failure")
                        .isZero();
                break;
            case TASK_MANAGER_LOSS:
                run.writeInput(0, EVENTS);
                JobClient job = run.start(4, CHECKPOINT_INTERVAL, Fault.NONE, null);
                waitUntil(
                        () -> probe.lastCheckpoint.get() > 0 && probe.records.get() >= EVENTS / 5);
                miniCluster.terminateTaskManager(oldestTaskManager++).get();
                miniCluster.startTaskManager(); // the job needs 4 slots again
                run.finish(job);
                assertThat(probe.recordsAtFault)
                        .as("records before the TaskManager was lost")
                        .isLessThan(EVENTS);
                break;
            case RESCALE_2_TO_4:
                stopWithSavepointAndResume(run, 2, 4, savepoints);
                break;
            case RESCALE_4_TO_2:
                stopWithSavepointAndResume(run, 4, 2, savepoints);
                break;
            case STREAM_SPLIT_AND_MERGE:
                splitAndMergeWhileRunning(run);
                break;
            case TRANSACTIONAL_INPUT_SCALES:
                transactionalInputScalesWhileRunning(run);
                break;
            default:
                throw new IllegalArgumentException(scenario.toString());
        }
        if (scenario == Scenario.FAILURE_AFTER_CHECKPOINT
                || scenario == Scenario.FAILURE_BEFORE_FIRST_CHECKPOINT
                || scenario == Scenario.TRANSACTIONAL_INPUT_SCALES) {
            assertThat(probe.failed.get()).as("the failure was injected").isTrue();
            assertThat(probe.recordsAtFault).as("records before the failure").isLessThan(EVENTS);
        }
        assertThat(probe.restarted.get()).as("the job restarted").isEqualTo(scenario.restarts());
        if (run.subject == Subject.AT_LEAST_ONCE_READER) {
            run.verdict().assertAtLeastOnce();
        } else {
            run.verdict().assertExactlyOnce();
        }
    }

    private static void stopWithSavepointAndResume(Run run, int before, int after, Path savepoints)
            throws Exception {
        run.writeInput(0, EVENTS);
        JobClient first = run.start(before, CHECKPOINT_INTERVAL, Fault.NONE, null);
        waitUntil(() -> run.probe.records.get() >= EVENTS / 4);
        String savepoint =
                first.stopWithSavepoint(false, savepoints.toString(), SavepointFormatType.CANONICAL)
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        waitForTermination(first);
        long stoppedAt = run.probe.records.get();
        assertThat(stoppedAt).as("stopped mid-run").isLessThan(EVENTS);
        run.finish(run.start(after, CHECKPOINT_INTERVAL, Fault.NONE, savepoint));
    }

    /**
     * Splits a segment into two and merges them back while the job runs: on the input stream for a
     * reader (with events written into each epoch), on the output stream for the writer.
     */
    private static void splitAndMergeWhileRunning(Run run) throws Exception {
        Stream scaled = run.subject == Subject.WRITER ? run.output : run.input;
        run.writeInput(0, EVENTS / 2);
        JobClient job = run.start(2, CHECKPOINT_INTERVAL, Fault.NONE, null);
        waitUntil(() -> run.probe.records.get() >= EVENTS / 4);
        // [0, 0.5) -> [0, 0.25) + [0.25, 0.5)
        assertThat(StreamScaling.splitLowerHalf(CLUSTER.getClientConfig(), scaled)).isEqualTo(3);
        run.writeInput(EVENTS / 2, EVENTS * 3 / 4);
        waitUntil(() -> run.probe.records.get() >= EVENTS / 2);
        // [0, 0.25) + [0.25, 0.5) -> [0, 0.5)
        assertThat(StreamScaling.mergeLowerHalf(CLUSTER.getClientConfig(), scaled)).isEqualTo(2);
        assertThat(run.probe.records.get())
                .as("records when the merge was done")
                .isLessThan(EVENTS);
        run.writeInput(EVENTS * 3 / 4, EVENTS);
        run.finish(job);
    }

    /**
     * The input is written by an exactly-once writer job (transactions every checkpoint) while the
     * subject reads it; the input splits and then merges meanwhile, and the subject fails once
     * after a checkpoint. The reader must follow each scale without waiting for a Flink checkpoint,
     * and restore exactly.
     */
    private static void transactionalInputScalesWhileRunning(Run run) throws Exception {
        JobClient job = run.start(2, CHECKPOINT_INTERVAL, Fault.afterCheckpoint(EVENTS / 3), null);
        JobClient feeder = startFeeder(run.name + "-feeder", run.input, EVENTS, 0);
        try {
            waitUntil(() -> run.probe.records.get() >= EVENTS / 5);
            assertThat(StreamScaling.splitLowerHalf(CLUSTER.getClientConfig(), run.input))
                    .isEqualTo(3);
            waitUntil(() -> run.probe.records.get() >= EVENTS / 2);
            assertThat(StreamScaling.mergeLowerHalf(CLUSTER.getClientConfig(), run.input))
                    .isEqualTo(2);
            feeder.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            run.finish(job);
        } finally {
            cancel(feeder);
        }
    }

    /**
     * An exactly-once writer job that writes 0..events-1 into the stream, routed by key, and ends;
     * {@code perSecond} paces it (0: as fast as the throttle lets it).
     */
    private static JobClient startFeeder(String name, Stream stream, int events, int perSecond)
            throws Exception {
        StreamExecutionEnvironment env =
                TestEnvironments.environment(1, CHECKPOINT_INTERVAL, RESTARTS);
        DataStream<Integer> numbers =
                env.fromSequence(0, events - 1).map(Long::intValue).returns(Integer.class);
        numbers =
                perSecond > 0
                        ? numbers.map(new Pace<>(perSecond))
                        : numbers.map(new Throttle<>(THROTTLE_EVERY));
        numbers.sinkTo(exactlyOnceWriter(CLUSTER.getPravegaConfig(), stream));
        return env.executeAsync(name);
    }

    /**
     * An input stream with an event-rate scaling policy, written by an exactly-once writer job at
     * many times its target rate, and read by a pipeline that fails once after the stream scaled.
     * Pravega measures two minutes of traffic before it scales a segment, so this is the matrix's
     * slowest case (about three minutes): one run covers auto-scaling, transactions open across it,
     * release checkpoints, failover and restore.
     */
    @Test
    void streamThatAutoScalesUnderTransactionalLoadIsReadExactlyOnce() throws Exception {
        int perSecond = 200;
        int events = perSecond * 170;
        String name = "auto-scaling";
        Probe probe = Probe.create(name);
        Stream input =
                CLUSTER.createStream(
                        "auto-scaling",
                        StreamConfiguration.builder()
                                .scalingPolicy(ScalingPolicy.byEventRate(10, 2, 1))
                                .build());
        ExactlyOnceValidator validator = new ExactlyOnceValidator(name, events);

        JobClient feeder = startFeeder(name + "-feeder", input, events, perSecond);
        StreamExecutionEnvironment env =
                TestEnvironments.environment(2, CHECKPOINT_INTERVAL, RESTARTS);
        Fault.ARMED.set(false);
        env.fromSource(
                        reader(CLUSTER.getPravegaConfig(), input),
                        WatermarkStrategy.noWatermarks(),
                        "pravega")
                .map(new Faults<>(name, Fault.whenArmed()))
                .map(validator)
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync(name);
        try {
            // Pravega scales the stream after two minutes of traffic: wait for it, then fail once.
            long scaleDeadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (StreamScaling.segmentCount(CLUSTER.getClientConfig(), input) < 2) {
                assertThat(System.nanoTime())
                        .as("Pravega scaled the stream within 4 minutes")
                        .isLessThan(scaleDeadline);
                Thread.sleep(1_000);
            }
            LOG.info("Pravega scaled {} by itself after {} records", input, probe.records.get());
            long recordsAtScale = probe.records.get();
            Fault.ARMED.set(true);
            assertThat(
                            ExactlyOnceValidator.result(name)
                                    .allSeen
                                    .await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as(
                            "all %d events seen, distinct %d",
                            events, ExactlyOnceValidator.result(name).distinct)
                    .isTrue();
            Thread.sleep(1_000);
            assertThat(probe.failed.get()).as("the failure was injected").isTrue();
            assertThat(probe.recordsAtFault)
                    .as("records at the failure")
                    .isGreaterThan(recordsAtScale);
            assertThat(probe.restarted.get()).as("the job restarted").isTrue();
        } finally {
            cancel(job);
            cancel(feeder);
        }
        ExactlyOnceValidator.result(name).assertExactlyOnce(events);
    }

    /** The streams, job graph and validation of one subject; one or two jobs run it. */
    private static final class Run implements AutoCloseable {
        final Subject subject;
        final String name;
        final Probe probe;
        @Nullable final Stream input;
        @Nullable final Stream output;
        @Nullable final ExactlyOnceValidator validator;
        @Nullable private StreamContents written;
        private final List<JobClient> jobs = new ArrayList<>();

        Run(Subject subject, String name, int inputSegments) {
            this.subject = subject;
            this.name = name;
            this.probe = Probe.create(name);
            this.input = subject == Subject.WRITER ? null : CLUSTER.createStream(inputSegments);
            this.output =
                    subject.validatesInJob()
                            ? null
                            : CLUSTER.createStream(subject == Subject.WRITER ? 2 : 3);
            this.validator =
                    subject.validatesInJob() ? new ExactlyOnceValidator(name, EVENTS) : null;
        }

        /** The integers from..to-1 into the input stream; the writer generates its own. */
        void writeInput(int from, int to) {
            if (input != null) {
                TestEvents.writeIntegers(CLUSTER.getClientConfig(), input, from, to);
            }
        }

        JobClient start(
                int parallelism, long checkpointInterval, Fault fault, @Nullable String savepoint)
                throws Exception {
            StreamExecutionEnvironment env =
                    TestEnvironments.environment(parallelism, checkpointInterval, RESTARTS);
            // Without a pause, the first checkpoint may come at any time within the interval.
            env.getCheckpointConfig().setMinPauseBetweenCheckpoints(checkpointInterval);
            if (savepoint != null) {
                Configuration resume = new Configuration();
                resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
                env.configure(resume);
            }
            DataStream<Integer> events;
            if (subject == Subject.WRITER) {
                // One source subtask emits 0..N-1 in order; keying by routing key sends each key's
                // events, in order, to one writer.
                events =
                        env.fromSequence(0, EVENTS - 1)
                                .setParallelism(1)
                                .uid("numbers")
                                .map(Long::intValue)
                                .returns(Integer.class)
                                .setParallelism(1)
                                .uid("ints")
                                .keyBy(value -> value % TestEvents.KEYS);
            } else {
                // A new reader (and reader group name) per job, as a resubmitted program builds it;
                // the restored job takes its positions from the savepoint.
                DeliveryGuarantee guarantee =
                        subject == Subject.AT_LEAST_ONCE_READER
                                ? DeliveryGuarantee.AT_LEAST_ONCE
                                : DeliveryGuarantee.EXACTLY_ONCE;
                events =
                        env.fromSource(
                                        reader(CLUSTER.getPravegaConfig(), input, guarantee),
                                        WatermarkStrategy.noWatermarks(),
                                        "pravega")
                                .uid("source");
            }
            DataStream<Integer> passed =
                    events.map(new Throttle<>(THROTTLE_EVERY))
                            .uid("throttle")
                            .map(new Faults<>(name, fault))
                            .uid("faults");
            if (subject.validatesInJob()) {
                passed.map(validator)
                        .uid("validator")
                        .setParallelism(1)
                        .sinkTo(new DiscardingSink<>());
            } else {
                passed.sinkTo(exactlyOnceWriter(CLUSTER.getPravegaConfig(), output)).uid("pravega");
            }
            JobClient job = env.executeAsync(name);
            jobs.add(job);
            return job;
        }

        /** Cancels whatever still runs, e.g. after a failed assertion. */
        @Override
        public void close() throws Exception {
            for (JobClient job : jobs) {
                cancel(job);
            }
        }

        /** Waits until every event went through, then stops a job that would run on. */
        void finish(JobClient job) throws Exception {
            switch (subject) {
                case READER:
                case AT_LEAST_ONCE_READER:
                    boolean allSeen =
                            ExactlyOnceValidator.result(name)
                                    .allSeen
                                    .await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    // Events that a wrong restore would replay arrive right after the last one.
                    Thread.sleep(1_000);
                    cancel(job);
                    assertThat(allSeen)
                            .as(
                                    "%s: all %d events seen, distinct %d",
                                    name, EVENTS, ExactlyOnceValidator.result(name).distinct)
                            .isTrue();
                    break;
                case WRITER:
                    job.getJobExecutionResult()
                            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // bounded
                    // The job is done: read the whole stream, segment by segment, with the batch
                    // client (see readSegments).
                    written =
                            StreamContents.readSegments(
                                    CLUSTER.getClientConfig(), output, EVENTS, TIMEOUT);
                    break;
                case PIPELINE:
                default:
                    // Reads committed events only, until all arrived and then one quiet second.
                    written =
                            StreamContents.read(CLUSTER.getClientConfig(), output, EVENTS, TIMEOUT);
                    cancel(job);
                    break;
            }
        }

        Verdict verdict() {
            if (subject.validatesInJob()) {
                ExactlyOnceValidator.Result result = ExactlyOnceValidator.result(name);
                return Verdict.of(name, EVENTS, result);
            }
            return Verdict.of(name, EVENTS, written);
        }
    }

    /**
     * Pravega stops under a running reader job and a running exactly-once writer job. Both must
     * fail (restarts are off) within a bounded time, with an error that names the controller;
     * neither may hang.
     */
    @Test
    void jobsWhosePravegaStopsFailInBoundedTimeNamingTheController() throws Exception {
        // A cluster of its own: stopping the class's cluster would leave the other tests without
        // one.
        EmbeddedPravega doomed = EmbeddedPravega.start();
        String controller = doomed.getControllerURI().toString();
        List<JobClient> jobs = new ArrayList<>();
        try {
            doomed.createScope("doomed");
            Stream input = doomed.createStream("doomed", "input", 2);
            Stream output = doomed.createStream("doomed", "output", 2);
            TestEvents.writeIntegers(doomed.getClientConfig(), input, 0, 20_000);
            PravegaConfig config = doomed.getPravegaConfig().withDefaultScope("doomed");
            Probe readProbe = Probe.create("doomed-read");
            Probe writeProbe = Probe.create("doomed-write");

            StreamExecutionEnvironment readEnv =
                    TestEnvironments.environment(2, CHECKPOINT_INTERVAL, 0);
            // Checkpoints fail within seconds once Pravega is gone, and Flink then fails the job
            // with
            // its own "tolerable failure threshold" message, which keeps none of their causes (the
            // checkpoint history does). Tolerating them shows that the readers themselves fail the
            // job in bounded time, with an error that names the controller.
            readEnv.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
            readEnv.fromSource(reader(config, input), WatermarkStrategy.noWatermarks(), "pravega")
                    .map(new Throttle<>(1))
                    .map(new Faults<>("doomed-read", Fault.NONE))
                    .sinkTo(new DiscardingSink<>());
            jobs.add(readEnv.executeAsync("doomed-read"));

            StreamExecutionEnvironment writeEnv =
                    TestEnvironments.environment(2, CHECKPOINT_INTERVAL, 0);
            writeEnv.fromSequence(0, Long.MAX_VALUE)
                    .map(Long::intValue)
                    .returns(Integer.class)
                    .map(new Throttle<>(1))
                    .map(new Faults<>("doomed-write", Fault.NONE))
                    .sinkTo(exactlyOnceWriter(config, output));
            jobs.add(writeEnv.executeAsync("doomed-write"));
            waitUntil(
                    () ->
                            readProbe.lastCheckpoint.get() > 0
                                    && writeProbe.lastCheckpoint.get() > 0);

            // Closing takes a while; the jobs lose Pravega as soon as it starts.
            CompletableFuture.runAsync(doomed::close);
            long stopped = System.nanoTime();
            Duration bound = Duration.ofMinutes(5);
            for (JobClient job : jobs) {
                Throwable failure =
                        Jobs.awaitEnd(
                                job, stopped + bound.toNanos(), bound + " after Pravega stopped");
                assertThat(failure).as("the job failed").isNotNull();
                String trace = ExceptionUtils.stringifyException(failure);
                LOG.info(
                        "Job {} failed {} s after Pravega stopped: {}",
                        job.getJobID(),
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped),
                        ExceptionUtils.findThrowableWithMessage(failure, controller)
                                .map(Throwable::getMessage)
                                .orElse(trace));
                // The connector's own messages name the controller URI; a failure the Pravega
                // client
                // reports itself (a refused connection) names its address, host:port.
                String port = ":" + doomed.getControllerURI().getPort();
                assertThat(trace.contains(controller) || trace.contains(port))
                        .as("the error names the controller " + controller + ": " + trace)
                        .isTrue();
            }
        } finally {
            for (JobClient job : jobs) {
                cancel(job);
            }
            doomed.close();
        }
    }

    /**
     * A pipeline whose first reader blocks in snapshots: once for 1.5 s (slow, within the 3 s
     * checkpoint timeout), twice for 6 s (the checkpoint expires, and the reader-group checkpoints
     * that follow cannot complete while the reader is blocked, so the enumerator gives them up
     * after 2 s). Nothing is lost or duplicated, checkpoints complete again afterwards, and a
     * watcher of the reader group's state in Pravega never sees more than the one reader-group
     * checkpoint in progress (without the enumerator's cancelling, it sees 2).
     */
    @Test
    void slowAndExpiredCheckpointsLoseNothingAndLeaveNoReaderGroupCheckpointsBehind(
            @InjectMiniCluster MiniCluster miniCluster) throws Exception {
        String name = "slow-checkpoints";
        Probe probe = Probe.create(name);
        SlowSnapshots.SNAPSHOTS.clear();
        Stream input = CLUSTER.createStream(2);
        Stream output = CLUSTER.createStream(2);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), input, 0, EVENTS);
        FlinkPravegaReader<Integer> reader =
                FlinkPravegaReader.<Integer>builder()
                        .withPravegaConfig(CLUSTER.getPravegaConfig())
                        .forStream(input)
                        .withDeserializationSchema(TestEvents.integerSchema())
                        .withReaderGroupRefreshTime(Duration.ofMillis(100))
                        .withCheckpointInitiateTimeout(Duration.ofSeconds(2))
                        .build();

        StreamExecutionEnvironment env = TestEnvironments.environment(2, CHECKPOINT_INTERVAL, 0);
        env.getCheckpointConfig().setCheckpointTimeout(3_000);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
        env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega")
                // Light: a reader's buffer drains quickly, so only the blocked reader delays
                // checkpoints.
                .map(new Throttle<>(50))
                .map(
                        new SlowSnapshots(
                                new long[] {
                                    1_500, 6_000, 6_000
                                })) // chained: blocks the reader's task
                .map(new Faults<>(name, Fault.NONE))
                .sinkTo(exactlyOnceWriter(CLUSTER.getPravegaConfig(), output));
        JobClient job = env.executeAsync(name);

        AtomicInteger maxOutstanding = new AtomicInteger();
        StreamContents written;
        CheckpointStatsCounts counts;
        try (ReaderGroupCheckpoints checkpoints =
                ReaderGroupCheckpoints.watch(
                        reader.getReaderGroupScope(),
                        reader.getReaderGroupName(),
                        CLUSTER.getClientConfig(),
                        Duration.ofMillis(20),
                        maxOutstanding)) {
            written = StreamContents.read(CLUSTER.getClientConfig(), output, EVENTS, TIMEOUT);
            assertThat(SlowSnapshots.SNAPSHOTS).as("slow snapshots taken").hasSize(3);
            // Checkpoints complete again after the slow ones.
            long lastSlow = SlowSnapshots.SNAPSHOTS.get(2);
            waitUntil(() -> probe.lastCheckpoint.get() > lastSlow + 2);
            assertThat(checkpoints.outstanding())
                    .as("reader-group checkpoints outstanding at the end")
                    .filteredOn(checkpoint -> !CheckpointNames.isRelease(checkpoint))
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(checkpoints.maxOutstandingReleases())
                    .as("release checkpoints outstanding at once")
                    .isLessThanOrEqualTo(1);
            counts =
                    miniCluster
                            .getExecutionGraph(job.getJobID())
                            .get()
                            .getCheckpointStatsSnapshot()
                            .getCounts();
        } finally {
            cancel(job);
        }

        LOG.info(
                "Failed checkpoints: {}, most reader-group checkpoints outstanding at once: {}",
                counts.getNumberOfFailedCheckpoints(),
                maxOutstanding.get());
        assertThat(probe.completedCheckpoints)
                .as("completed checkpoints")
                .doesNotContain(SlowSnapshots.SNAPSHOTS.get(1), SlowSnapshots.SNAPSHOTS.get(2));
        // The two that expired, and at least one reader-group checkpoint given up while the reader
        // was blocked.
        assertThat(counts.getNumberOfFailedCheckpoints())
                .as("failed checkpoints")
                .isGreaterThanOrEqualTo(3);
        // One in progress at a time, and the watcher did see it.
        assertThat(maxOutstanding.get())
                .as("most reader-group checkpoints outstanding at once")
                .isEqualTo(1);
        Verdict.of(name, EVENTS, written).assertExactlyOnce();
    }

    /** In subtask 0, the first snapshots sleep as long as given; notes their checkpoint ids. */
    private static final class SlowSnapshots extends RichMapFunction<Integer, Integer>
            implements CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        static final List<Long> SNAPSHOTS = Collections.synchronizedList(new ArrayList<>());

        private final long[] sleeps;

        SlowSnapshots(long[] sleeps) {
            this.sleeps = sleeps;
        }

        @Override
        public Integer map(Integer value) {
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            int slow = SNAPSHOTS.size();
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
                    && slow < sleeps.length) {
                SNAPSHOTS.add(context.getCheckpointId());
                Thread.sleep(sleeps[slow]);
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }

    private static FlinkPravegaReader<Integer> reader(PravegaConfig config, Stream stream) {
        return reader(config, stream, DeliveryGuarantee.EXACTLY_ONCE);
    }

    private static FlinkPravegaReader<Integer> reader(
            PravegaConfig config, Stream stream, DeliveryGuarantee guarantee) {
        return FlinkPravegaReader.<Integer>builder()
                .withPravegaConfig(config)
                .forStream(stream)
                .withDeserializationSchema(TestEvents.integerSchema())
                .withReaderGroupRefreshTime(Duration.ofMillis(100))
                .withDeliveryGuarantee(guarantee)
                .build();
    }

    private static FlinkPravegaWriter<Integer> exactlyOnceWriter(
            PravegaConfig config, Stream stream) {
        return FlinkPravegaWriter.<Integer>builder()
                .withPravegaConfig(config)
                .forStream(stream)
                .withSerializationSchema(new PravegaSerializationSchema<>(new IntegerSerializer()))
                .withEventRouter(TestEvents::routingKey)
                .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                .build();
    }

    private static void cancel(JobClient job) throws Exception {
        Jobs.cancel(job, TIMEOUT);
    }

    private static void waitForTermination(JobClient job) throws Exception {
        Jobs.awaitTermination(job, TIMEOUT);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Jobs.waitUntil(condition, TIMEOUT);
    }
}
