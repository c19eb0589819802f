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

import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.testing.LiveThreads;
import io.pravega.connectors.flink.testing.NetworkFaults;
import io.pravega.connectors.flink.utils.ExactlyOnceValidator;
import io.pravega.connectors.flink.utils.Fault;
import io.pravega.connectors.flink.utils.Faults;
import io.pravega.connectors.flink.utils.IntegerSerializer;
import io.pravega.connectors.flink.utils.Jobs;
import io.pravega.connectors.flink.utils.Pace;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.Probe;
import io.pravega.connectors.flink.utils.StreamContents;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TestEvents;
import io.pravega.connectors.flink.utils.Verdict;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network fault matrix: the exactly-once reader, the exactly-once writer and the pipeline from
 * one to the other, each through a partition between Flink and Pravega, connections reset again and
 * again, and 200 ms of added latency. Every client reaches the embedded Pravega through
 * fault-injecting proxies, so the faults hit the connector's real Pravega clients.
 *
 * <p>Every case moves {@value #EVENTS} integers, and a validator counts every record: none lost,
 * none twice, each key in order. Short faults must be ridden through without a restart; a long
 * partition must fail the job with an error that names the controller, and the restarted job must
 * finish. Each case logs its recovery time: from the end of the fault until records move again.
 *
 * <p>Under the test command this runs a light matrix (partitions of 5 s and, for the pipeline, 45
 * s; 15 s of resets; latency for the pipeline). {@code bin/fault-matrix} runs the full one, with
 * {@code -Dnetwork.faults=full}: partitions of 5, 30 and 120 s, a minute of resets and 30 s of
 * latency for every subject.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultITCase {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkFaultITCase.class);

    private static final boolean FULL = "full".equals(System.getProperty("network.faults"));

    private static final int EVENTS = 20_000;

    /** Records per second over all subtasks: a run lasts about 20 s without faults. */
    private static final int PER_SECOND = 1_000;

    private static final int PARALLELISM = 2;
    private static final long CHECKPOINT_INTERVAL = 1_000;
    private static final Duration RESET_PERIOD = Duration.ofSeconds(3);
    private static final Duration LATENCY = Duration.ofMillis(200);

    /** How long a run may take after its fault ended. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /**
     * A partition this long outlasts the writer's 30 s bound on a blocked write, so a job that
     * writes through it fails.
     */
    private static final Duration LONG_PARTITION = Duration.ofSeconds(45);

    /** How long a job cancelled in a partition may take to end. */
    private static final Duration CANCEL_BOUND = Duration.ofSeconds(90);

    /**
     * Flink's and the embedded servers' pools swap threads, so a few come and go without a leak
     * (see ResourceLeakITCase); a leak of the cancelled jobs' clients would add dozens.
     */
    private static final int THREAD_TOLERANCE = 5;

    /** Whether a job ran on this class's clusters: Flink's and Pravega's pools are started. */
    private static volatile boolean warm;

    @RegisterExtension
    static final PravegaFlinkCluster CLUSTER =
            PravegaFlinkCluster.of(EmbeddedPravega.builder().withFaultInjection(), 1, 4);

    enum Subject {
        /** Pre-written stream -> exactly-once FlinkPravegaReader -> validator. */
        READER,
        /** Paced number source -> FlinkPravegaWriter EXACTLY_ONCE; the stream is read back. */
        WRITER,
        /** Pre-written stream -> reader -> writer EXACTLY_ONCE; the output is read back. */
        PIPELINE
    }

    enum Kind {
        PARTITION,
        RESETS,
        LATENCY
    }

    /** What the job must do under a fault. */
    enum Expectation {
        /** Nothing lost or repeated, and no restart. */
        RIDE_THROUGH,
        /** Nothing lost or repeated; the job fails naming the controller, and restarts. */
        FAIL_AND_RECOVER,
        /** Nothing lost or repeated; a restart, if any, names the controller. */
        EITHER
    }

    static List<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Subject subject : Subject.values()) {
            if (FULL) {
                cases.add(Arguments.of(subject, Kind.PARTITION, Duration.ofSeconds(5)));
                cases.add(Arguments.of(subject, Kind.PARTITION, Duration.ofSeconds(30)));
                cases.add(Arguments.of(subject, Kind.PARTITION, Duration.ofSeconds(120)));
                cases.add(Arguments.of(subject, Kind.RESETS, Duration.ofSeconds(60)));
                cases.add(Arguments.of(subject, Kind.LATENCY, Duration.ofSeconds(30)));
            } else {
                cases.add(Arguments.of(subject, Kind.PARTITION, Duration.ofSeconds(5)));
                cases.add(Arguments.of(subject, Kind.RESETS, Duration.ofSeconds(15)));
            }
        }
        if (!FULL) {
            cases.add(Arguments.of(Subject.PIPELINE, Kind.LATENCY, Duration.ofSeconds(15)));
            cases.add(Arguments.of(Subject.PIPELINE, Kind.PARTITION, LONG_PARTITION));
        }
        return cases;
    }

    static Expectation expectation(Subject subject, Kind kind, Duration duration) {
        if (kind != Kind.PARTITION || duration.getSeconds() <= 5) {
            return Expectation.RIDE_THROUGH;
        }
        // A writer fed by its own source writes on through a long partition, and a write blocked
        // for 30 s fails the job. A pipeline's reader is cut off by the same partition, so its
        // writer fails only if a write was under way when the partition began (seen both ways);
        // a reader alone fails only when a checkpoint hold outlasts its limit (initiate timeout +
        // 90 s), which a partition may or may not reach depending on where it catches it.
        return subject == Subject.WRITER && duration.compareTo(LONG_PARTITION) >= 0
                ? Expectation.FAIL_AND_RECOVER
                : Expectation.EITHER;
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("matrix")
    @Order(1)
    void nothingLostNorRepeated(
            Subject subject, Kind kind, Duration duration, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String name =
                (subject + "-" + kind + "-" + duration.getSeconds() + "s")
                        .toLowerCase()
                        .replace('_', '-');
        NetworkFaults faults = CLUSTER.getPravega().faults();
        Probe probe = Probe.create(name);
        Stream input = subject == Subject.WRITER ? null : CLUSTER.createStream(2);
        Stream output = subject == Subject.READER ? null : CLUSTER.createStream(2);
        ExactlyOnceValidator validator =
                subject == Subject.READER ? new ExactlyOnceValidator(name, EVENTS) : null;
        if (input != null) {
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), input, 0, EVENTS);
        }
        JobClient job = start(name, subject, input, output, validator);
        try {
            Jobs.waitUntil(
                    () -> probe.lastCheckpoint.get() > 0 && probe.records.get() >= EVENTS / 4,
                    TIMEOUT);
            long recordsAtFault = probe.records.get();
            inject(faults, kind, duration);
            // Recovered when a checkpoint completes again: only then is new output committed.
            long healed = System.nanoTime();
            long checkpointAtHeal = probe.lastCheckpoint.get();
            Jobs.waitUntil(
                    () -> probe.lastCheckpoint.get() > checkpointAtHeal || ended(job), TIMEOUT);
            long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed);

            Verdict verdict = finish(name, subject, job, output);
            String failures = Jobs.exceptionHistory(cluster, job);
            LOG.info(
                    "{}: recovered {} ms after the fault ended; restarted: {}; {}",
                    name,
                    recoveryMillis,
                    probe.restarted.get(),
                    verdict);
            verdict.assertExactlyOnce();
            warm = true;
            assertThat(recordsAtFault).as("records before the fault").isLessThan(EVENTS);
            String controller = ":" + CLUSTER.getControllerURI().getPort();
            switch (expectation(subject, kind, duration)) {
                case RIDE_THROUGH:
                    assertThat(probe.restarted.get())
                            .as("%s restarted; failures: %s", name, failures)
                            .isFalse();
                    break;
                case FAIL_AND_RECOVER:
                    assertThat(probe.restarted.get()).as("the job restarted").isTrue();
                    assertThat(failures)
                            .as("the failure names the controller")
                            .contains(controller);
                    break;
                case EITHER:
                default:
                    if (probe.restarted.get()) {
                        assertThat(failures)
                                .as("the failure names the controller")
                                .contains(controller);
                    }
                    break;
            }
        } finally {
            faults.clear();
            Jobs.cancel(job, TIMEOUT);
        }
    }

    private static void inject(NetworkFaults faults, Kind kind, Duration duration)
            throws InterruptedException {
        switch (kind) {
            case PARTITION:
                faults.partitionFor(duration);
                break;
            case RESETS:
                long end = System.nanoTime() + duration.toNanos();
                int reset = 0;
                while (System.nanoTime() < end) {
                    reset += faults.resetConnections();
                    Thread.sleep(RESET_PERIOD.toMillis());
                }
                assertThat(reset).as("connections reset").isPositive();
                break;
            case LATENCY:
                faults.setLatency(LATENCY);
                Thread.sleep(duration.toMillis());
                faults.setLatency(Duration.ZERO);
                break;
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }

    private static JobClient start(
            String name,
            Subject subject,
            @Nullable Stream input,
            @Nullable Stream output,
            @Nullable ExactlyOnceValidator validator)
            throws Exception {
        Configuration conf = new Configuration();
        // Restarts keep failing while a partition lasts; spaced out, they outlast a long one.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1_000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(CHECKPOINT_INTERVAL);
        // Checkpoints fail while Pravega is unreachable. Tolerating them, as a job that should
        // ride through short outages does, leaves the failing to the connector's own bounds,
        // whose errors name the controller (Flink's "tolerable failure threshold" names none).
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);

        DataStream<Integer> events;
        if (subject == Subject.WRITER) {
            events =
                    env.fromSequence(0, EVENTS - 1)
                            .setParallelism(1)
                            .map(Long::intValue)
                            .returns(Integer.class)
                            .setParallelism(1)
                            .map(new Pace<>(PER_SECOND))
                            .setParallelism(1)
                            .keyBy(value -> value % TestEvents.KEYS)
                            .map(value -> value)
                            .returns(Integer.class);
        } else {
            events =
                    env.fromSource(
                                    FlinkPravegaReader.<Integer>builder()
                                            .withPravegaConfig(CLUSTER.getPravegaConfig())
                                            .forStream(input)
                                            .withDeserializationSchema(TestEvents.integerSchema())
                                            .build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "pravega")
                            .map(new Pace<>(PER_SECOND / PARALLELISM));
        }
        DataStream<Integer> passed = events.map(new Faults<>(name, Fault.NONE));
        if (subject == Subject.READER) {
            passed.map(validator).setParallelism(1).sinkTo(new DiscardingSink<>());
        } else {
            passed.sinkTo(
                    FlinkPravegaWriter.<Integer>builder()
                            .withPravegaConfig(CLUSTER.getPravegaConfig())
                            .forStream(output)
                            .withSerializationSchema(
                                    new PravegaSerializationSchema<>(new IntegerSerializer()))
                            .withEventRouter(TestEvents::routingKey)
                            .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                            .build());
        }
        return env.executeAsync(name);
    }

    private static boolean ended(JobClient job) {
        try {
            return job.getJobStatus().get().isGloballyTerminalState();
        } catch (Exception e) {
            return true; // the cluster forgot a finished job
        }
    }

    /**
     * A pipeline (exactly-once reader to exactly-once writer) and an at-least-once writer job are
     * cancelled in the middle of a partition: both must end within a bounded time, although no
     * Pravega call can answer, and once Pravega is back their threads must be gone. What the
     * pipeline committed before stays committed, once each and in order.
     */
    @Test
    @Order(2)
    void cancellingDuringAPartitionEndsInBoundedTimeAndLeavesNoThreads(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        // Flink and the Pravega client start pools on first use, which the baseline must hold.
        if (!warm) {
            nothingLostNorRepeated(Subject.PIPELINE, Kind.LATENCY, Duration.ofSeconds(1), cluster);
        }
        LiveThreads baseline = LiveThreads.settled(Duration.ofSeconds(2), Duration.ofSeconds(60));
        NetworkFaults faults = CLUSTER.getPravega().faults();
        String name = "cancel-in-partition";
        Probe probe = Probe.create(name);
        Probe writerProbe = Probe.create(name + "-writer");
        Stream input = CLUSTER.createStream(2);
        Stream output = CLUSTER.createStream(2);
        Stream atLeastOnce = CLUSTER.createStream(2);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), input, 0, EVENTS);
        JobClient pipeline = start(name, Subject.PIPELINE, input, output, null);
        JobClient writer = startAtLeastOnceWriter(name + "-writer", atLeastOnce);
        List<JobClient> jobs = List.of(pipeline, writer);
        StreamContents committedBefore;
        try {
            Jobs.waitUntil(
                    () ->
                            probe.lastCheckpoint.get() > 0
                                    && writerProbe.lastCheckpoint.get() > 0
                                    && probe.records.get() >= EVENTS / 4,
                    TIMEOUT);
            // Commits complete in the controller asynchronously: wait until some are visible.
            committedBefore = committedOutput(output, 1);
            faults.partition();
            Thread.sleep(2_000); // every connection stalls
            long cancelled = System.nanoTime();
            for (JobClient job : jobs) {
                job.cancel().get(CANCEL_BOUND.toSeconds(), TimeUnit.SECONDS);
            }
            for (JobClient job : jobs) {
                // A cancelled job ends with a failure; its status says it was cancelled.
                Jobs.awaitEnd(
                        job,
                        cancelled + CANCEL_BOUND.toNanos(),
                        CANCEL_BOUND + " after it was cancelled in a partition");
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.CANCELED);
            }
            LOG.info(
                    "Both jobs cancelled {} ms into a partition",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled));
        } finally {
            faults.clear();
            for (JobClient job : jobs) {
                Jobs.cancel(job, TIMEOUT);
            }
        }

        // What the pipeline committed before the partition is still there, each event once and in
        // order.
        StreamContents committed = committedOutput(output, committedBefore.distinct);
        LOG.info(
                "Committed before the partition: {}; after the cancel: {}",
                committedBefore,
                committed);
        assertThat(committed.distinct)
                .as("events committed before the partition")
                .isGreaterThanOrEqualTo(committedBefore.distinct)
                .isLessThan(EVENTS);
        assertThat(committed.duplicates).as("duplicates").isZero();
        assertThat(committed.outOfOrder).as("out of per-key order").isZero();
        assertThat(committed.outOfRange).as("never written").isZero();

        LiveThreads after =
                LiveThreads.await(
                        threads -> threads.count() <= baseline.count() + THREAD_TOLERANCE,
                        Duration.ofSeconds(90));
        assertThat(after.count())
                .as(
                        "live threads after the cancel (baseline %d); threads not in the baseline:%n%s",
                        baseline.count(), after.newSince(baseline))
                .isLessThanOrEqualTo(baseline.count() + THREAD_TOLERANCE);
    }

    /** The committed output once it holds at least {@code atLeast} distinct events. */
    private static StreamContents committedOutput(Stream output, int atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            StreamContents contents =
                    StreamContents.readSegments(
                            CLUSTER.getClientConfig(), output, EVENTS, Duration.ZERO); // once
            if (contents.distinct >= atLeast) {
                return contents;
            }
            assertThat(System.nanoTime())
                    .as("%d committed events within %s, got %s", atLeast, TIMEOUT, contents)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** A paced number source into an at-least-once writer, which flushes on every checkpoint. */
    private static JobClient startAtLeastOnceWriter(String name, Stream stream) throws Exception {
        StreamExecutionEnvironment env = TestEnvironments.environment(2, CHECKPOINT_INTERVAL, 0);
        env.fromSequence(0, Long.MAX_VALUE)
                .map(Long::intValue)
                .returns(Integer.class)
                .map(new Pace<>(PER_SECOND / PARALLELISM))
                .map(new Faults<>(name, Fault.NONE))
                .sinkTo(
                        FlinkPravegaWriter.<Integer>builder()
                                .withPravegaConfig(CLUSTER.getPravegaConfig())
                                .forStream(stream)
                                .withSerializationSchema(
                                        new PravegaSerializationSchema<>(new IntegerSerializer()))
                                .withEventRouter(TestEvents::routingKey)
                                .withWriterMode(PravegaWriterMode.ATLEAST_ONCE)
                                .build());
        return env.executeAsync(name);
    }

    /** Waits until every event went through, and counts them. */
    private static Verdict finish(
            String name, Subject subject, JobClient job, @Nullable Stream output) throws Exception {
        switch (subject) {
            case READER:
                ExactlyOnceValidator.Result result = ExactlyOnceValidator.result(name);
                assertThat(result.allSeen.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("%s: all %d events seen, distinct %d", name, EVENTS, result.distinct)
                        .isTrue();
                // Events that a wrong restore would replay arrive right after the last one.
                Thread.sleep(1_000);
                return Verdict.of(name, EVENTS, result);
            case WRITER:
                job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return Verdict.of(
                        name,
                        EVENTS,
                        StreamContents.readSegments(
                                CLUSTER.getClientConfig(), output, EVENTS, TIMEOUT));
            case PIPELINE:
            default:
                return Verdict.of(
                        name,
                        EVENTS,
                        StreamContents.read(CLUSTER.getClientConfig(), output, EVENTS, TIMEOUT));
        }
    }
}
