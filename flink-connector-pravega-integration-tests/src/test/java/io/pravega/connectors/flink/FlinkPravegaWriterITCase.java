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

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.TimeWindow;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.sink.internal.PravegaCommittable;
import io.pravega.connectors.flink.sink.internal.PravegaCommitter;
import io.pravega.connectors.flink.sink.internal.PravegaSinkWriter;
import io.pravega.connectors.flink.utils.FailingMapper;
import io.pravega.connectors.flink.utils.IntegerSerializer;
import io.pravega.connectors.flink.utils.Jobs;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.StreamContents;
import io.pravega.connectors.flink.utils.TestEvents;
import io.pravega.connectors.flink.utils.Throttle;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static io.pravega.connectors.flink.utils.TestEnvironments.environment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer against a real embedded Pravega and a Flink MiniCluster with 2 TaskManagers. */
class FlinkPravegaWriterITCase {

    private static final int EVENTS = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.withMetrics(2, 2);

    private static FlinkPravegaWriter.Builder<Integer> writer(
            Stream stream, PravegaWriterMode mode) {
        return FlinkPravegaWriter.<Integer>builder()
                .withPravegaConfig(CLUSTER.getPravegaConfig())
                .forStream(stream)
                .withSerializationSchema(new PravegaSerializationSchema<>(new IntegerSerializer()))
                .withEventRouter(TestEvents::routingKey)
                .withWriterMode(mode);
    }

    /** 0..count-1 from Flink's checkpointed sequence source. */
    private static SingleOutputStreamOperator<Integer> integers(
            StreamExecutionEnvironment env, int count) {
        return env.fromSequence(0, count - 1).map(Long::intValue).returns(Integer.class);
    }

    private static StreamContents contents(Stream stream, int expected) {
        return StreamContents.read(CLUSTER.getClientConfig(), stream, expected, READ_TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(PravegaWriterMode.class)
    void everyModeWritesEveryEventFromAParallelJob(PravegaWriterMode mode) throws Exception {
        Stream stream = CLUSTER.createStream(3);
        StreamExecutionEnvironment env = environment(2, 100, 0);
        integers(env, EVENTS).sinkTo(writer(stream, mode).build());
        env.execute("write-" + mode);

        StreamContents written = contents(stream, EVENTS);
        assertThat(written.distinct).as("%s: %s", mode, written).isEqualTo(EVENTS);
        assertThat(written.outOfRange).isZero();
        if (mode == PravegaWriterMode.EXACTLY_ONCE) {
            assertThat(written.values).as("exactly once: %s", written).hasSize(EVENTS);
        }
    }

    @Test
    void reportsRecordsBytesAndPendingRecords() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamExecutionEnvironment env = environment(2, 100, 0);
        integers(env, 1_000).sinkTo(writer(stream, PravegaWriterMode.ATLEAST_ONCE).build());
        JobClient job = env.executeAsync("writer-metrics");
        job.getJobExecutionResult().get();

        assertThat(counterSum(job, "numRecordsSend")).isEqualTo(1_000);
        assertThat(counterSum(job, "numBytesSend")).isEqualTo(1_000 * 4);
        assertThat(counterSum(job, "numRecordsOutErrors")).isZero();
        assertThat(CLUSTER.metrics().findMetrics(job.getJobID(), PravegaSinkWriter.PENDING_RECORDS))
                .hasSize(2);
    }

    private static long counterSum(JobClient job, String name) {
        // findMetrics matches by pattern: numRecordsSend would also find numRecordsSendErrors.
        return CLUSTER.metrics().findMetrics(job.getJobID(), name).entrySet().stream()
                .filter(
                        entry ->
                                entry.getKey().endsWith("." + name)
                                        && entry.getValue() instanceof Counter)
                .mapToLong(entry -> ((Counter) entry.getValue()).getCount())
                .sum();
    }

    /**
     * A write Pravega refuses (here: the stream was sealed) fails an at-least-once job; it is never
     * dropped.
     */
    @Test
    void aFailedWriteFailsAnAtLeastOnceJob() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        StreamExecutionEnvironment env = environment(1, 200, 0);
        Throttle.PASSED.set(0);
        integers(env, Integer.MAX_VALUE)
                .map(new Throttle<>(1))
                .sinkTo(writer(stream, PravegaWriterMode.ATLEAST_ONCE).build());
        JobClient job = env.executeAsync("sealed");
        waitUntil(() -> Throttle.PASSED.get() > 200);
        try (StreamManager streams = StreamManager.create(CLUSTER.getClientConfig())) {
            assertThat(streams.sealStream(stream.getScope(), stream.getStreamName())).isTrue();
        }
        assertThatThrownBy(
                        () ->
                                job.getJobExecutionResult()
                                        .get(2, java.util.concurrent.TimeUnit.MINUTES))
                .hasStackTraceContaining(
                        "A write to Pravega stream '" + stream.getScopedName() + "' failed");
    }

    /** Best-effort counts what Pravega refuses and goes on; it never blocks or fails the job. */
    @Test
    void bestEffortCountsFailedWritesAndKeepsGoing() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        StreamExecutionEnvironment env = environment(1, 200, 0);
        Throttle.PASSED.set(0);
        integers(env, 3_000)
                .map(new Throttle<>(1))
                .sinkTo(writer(stream, PravegaWriterMode.BEST_EFFORT).build());
        JobClient job = env.executeAsync("best-effort-sealed");
        waitUntil(() -> Throttle.PASSED.get() > 500);
        try (StreamManager streams = StreamManager.create(CLUSTER.getClientConfig())) {
            assertThat(streams.sealStream(stream.getScope(), stream.getStreamName())).isTrue();
        }
        job.getJobExecutionResult()
                .get(2, java.util.concurrent.TimeUnit.MINUTES); // finishes, does not fail

        long errors = counterSum(job, "numRecordsOutErrors");
        assertThat(errors).as("writes refused after the seal").isPositive();
        assertThat(counterSum(job, "numRecordsSend")).isEqualTo(3_000);
        assertThat(contents(stream, 1).values.size() + errors)
                .as("written or counted as failed")
                .isGreaterThanOrEqualTo(3_000);
    }

    @Test
    void atLeastOnceLosesNothingWhenATaskFails() throws Exception {
        StreamContents written = writeWithFailure("alo-failure", PravegaWriterMode.ATLEAST_ONCE);
        assertThat(written.distinct).as("%s", written).isEqualTo(EVENTS);
        assertThat(written.outOfRange).isZero();
    }

    @Test
    void exactlyOnceLosesAndDuplicatesNothingWhenATaskFails() throws Exception {
        StreamContents written = writeWithFailure("eo-failure", PravegaWriterMode.EXACTLY_ONCE);
        assertThat(written.distinct).as("%s", written).isEqualTo(EVENTS);
        assertThat(written.duplicates).as("%s", written).isZero();
        assertThat(written.values).hasSize(EVENTS);
    }

    private StreamContents writeWithFailure(String name, PravegaWriterMode mode) throws Exception {
        Stream stream = CLUSTER.createStream(2);
        // Few, larger transactions: Pravega commits each one on its own, asynchronously.
        StreamExecutionEnvironment env = environment(2, 300, 3);
        integers(env, EVENTS)
                .map(new Throttle<>(5))
                .map(new FailingMapper<>(name, 1_000, true))
                .sinkTo(writer(stream, mode).build());
        env.execute(name);
        assertThat(FailingMapper.hasFailed(name)).as("the failure was injected").isTrue();
        return contents(stream, EVENTS);
    }

    /**
     * The seed's headline: Pravega in, transform, Pravega out, exactly once, with a failure after a
     * checkpoint. A plain reader of the output sees every input once, in per-key order.
     */
    @Test
    void endToEndExactlyOnceFromPravegaToPravegaWithAFailure() throws Exception {
        String name = "end-to-end";
        Stream input = CLUSTER.createStream(4);
        Stream output = CLUSTER.createStream(3);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), input, 0, EVENTS);

        StreamExecutionEnvironment env = environment(2, 200, 3);
        FlinkPravegaReader<Integer> reader =
                FlinkPravegaReader.<Integer>builder()
                        .withPravegaConfig(CLUSTER.getPravegaConfig())
                        .forStream(input)
                        .withDeserializationSchema(TestEvents.integerSchema())
                        .withReaderGroupRefreshTime(Duration.ofMillis(100))
                        .build();
        env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega-in")
                .map(new Throttle<>(20))
                .map(new FailingMapper<>(name, 1_000, true))
                .sinkTo(writer(output, PravegaWriterMode.EXACTLY_ONCE).build());
        JobClient job = env.executeAsync(name);

        // The job never ends by itself: read the output until everything arrived, then stop it.
        StreamContents written = contents(output, EVENTS);
        job.cancel().get();
        assertThat(FailingMapper.hasFailed(name)).as("the failure was injected").isTrue();
        assertThat(written.distinct).as("%s", written).isEqualTo(EVENTS);
        assertThat(written.duplicates).as("%s", written).isZero();
        assertThat(written.outOfOrder).as("per-key order: %s", written).isZero();
        assertThat(written.values).hasSize(EVENTS);
    }

    @Test
    void exactlyOnceStopsWithSavepointAndResumesWithAnotherParallelism(@TempDir Path savepoints)
            throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamExecutionEnvironment first = environment(2, 200, 0);
        Throttle.PASSED.set(0);
        integers(first, EVENTS)
                .uid("numbers")
                .map(new Throttle<>(1))
                .uid("throttle")
                .sinkTo(writer(stream, PravegaWriterMode.EXACTLY_ONCE).build())
                .uid("pravega");
        JobClient job = first.executeAsync("savepoint-1");
        waitUntil(() -> Throttle.PASSED.get() >= EVENTS / 5);
        String savepoint =
                job.stopWithSavepoint(false, savepoints.toString(), SavepointFormatType.CANONICAL)
                        .get();

        assertThat(Throttle.PASSED.get()).as("stopped mid-job").isLessThan(EVENTS);
        StreamExecutionEnvironment second = environment(3, 200, 0);
        Configuration resume = new Configuration();
        resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        second.configure(resume);
        integers(second, EVENTS)
                .uid("numbers")
                .map(new Throttle<>(20))
                .uid("throttle")
                .sinkTo(writer(stream, PravegaWriterMode.EXACTLY_ONCE).build())
                .uid("pravega");
        second.execute("savepoint-2");

        StreamContents written = contents(stream, EVENTS);
        assertThat(written.distinct).as("%s", written).isEqualTo(EVENTS);
        assertThat(written.duplicates).as("%s", written).isZero();
    }

    @Test
    void exactlyOnceWorksInBatchModeWithoutCheckpoints() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamExecutionEnvironment env = environment(2, 0, 0);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        integers(env, EVENTS).sinkTo(writer(stream, PravegaWriterMode.EXACTLY_ONCE).build());
        env.execute("batch");

        StreamContents written = contents(stream, EVENTS);
        assertThat(written.values).as("%s", written).hasSize(EVENTS);
        assertThat(written.distinct).isEqualTo(EVENTS);
    }

    /**
     * The old connector lost data when a transaction's lease ran out between pre-commit and commit.
     * Here a checkpoint completes 15 s after its transaction was flushed, with a 10 s lease: the
     * writer keeps renewing it, so the commit succeeds.
     */
    @Test
    void theLeaseOutlivesASlowCheckpointBetweenPrepareAndCommit() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        StreamExecutionEnvironment env = environment(1, 500, 0);
        env.getCheckpointConfig().setCheckpointTimeout(Duration.ofMinutes(2).toMillis());
        // Slow enough that the first checkpoint comes while events flow, so its transaction has
        // some.
        DataStream<Integer> numbers = integers(env, 1_000).map(new Throttle<>(1));
        numbers.sinkTo(
                writer(stream, PravegaWriterMode.EXACTLY_ONCE)
                        .withTxnLeaseRenewalPeriod(Duration.ofSeconds(10))
                        .build());
        // The writer prepares its transaction before the operators snapshot; this branch's first
        // snapshot then takes 15 s, so the checkpoint (and the commit) completes 15 s later.
        // Nothing may block the task thread before the barrier, or the checkpoint could not start.
        numbers.map(new SlowFirstCheckpoint()).sinkTo(new DiscardingSink<>());
        env.execute("slow-checkpoint");

        StreamContents written = contents(stream, 1_000);
        assertThat(written.values).as("%s", written).hasSize(1_000);
        assertThat(written.distinct).isEqualTo(1_000);
    }

    @Test
    void aTransactionThatExpiredIsReportedAsLostWithTheSettingToRaise() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        UUID txnId;
        try (EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(
                                stream.getScope(), CLUSTER.getClientConfig());
                TransactionalEventStreamWriter<ByteBuffer> raw =
                        clients.createTransactionalEventWriter(
                                "expired",
                                stream.getStreamName(),
                                new ByteBufferSerializer(),
                                EventWriterConfig.builder().build())) {
            Transaction<ByteBuffer> txn = raw.beginTxn();
            txn.writeEvent(ByteBuffer.wrap(new byte[] {1}));
            txn.flush();
            txn.abort(); // what Pravega does when a lease runs out
            txnId = txn.getTxnId();
        }
        FlinkPravegaWriter<Integer> sink = writer(stream, PravegaWriterMode.EXACTLY_ONCE).build();
        RecordingRequest request =
                new RecordingRequest(
                        new PravegaCommittable(
                                stream.getScopedName(), txnId, PravegaCommittable.NO_TIMESTAMP));
        SimpleCounter lost = new SimpleCounter();
        try (Committer<PravegaCommittable> committer =
                new PravegaCommitter(sink.getSinkConfig(), lost)) {
            waitUntil(
                    () -> {
                        request.reset();
                        try {
                            committer.commit(List.of(request));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        return request.knownFailure.get() != null;
                    });
        }
        assertThat(request.knownFailure.get())
                .hasMessageContaining("Pravega aborted transaction " + txnId)
                .hasMessageContaining("LOST")
                .hasMessageContaining("withTxnLeaseRenewalPeriod");
        assertThat(lost.getCount()).isEqualTo(1);
    }

    @Test
    void exactlyOnceWithoutCheckpointingIsAClearErrorAtSubmission() {
        Stream stream = CLUSTER.createStream(1);
        StreamExecutionEnvironment env = environment(1, 0, 0);
        integers(env, 10).sinkTo(writer(stream, PravegaWriterMode.EXACTLY_ONCE).build());
        assertThatThrownBy(() -> env.execute("no-checkpoints"))
                .hasStackTraceContaining("EXACTLY_ONCE mode")
                .hasStackTraceContaining("checkpointing is off")
                .hasStackTraceContaining("env.enableCheckpointing")
                .hasStackTraceContaining("allowExactlyOnceWithoutCheckpointing");
    }

    /** Opted in, Flink commits at the end of bounded input: every event, once. */
    @Test
    void exactlyOnceWithoutCheckpointingCommitsAtTheEndOfInputWhenAllowed() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamExecutionEnvironment env = environment(1, 0, 0);
        integers(env, 1_000)
                .sinkTo(
                        writer(stream, PravegaWriterMode.EXACTLY_ONCE)
                                .allowExactlyOnceWithoutCheckpointing(true)
                                .build());
        env.execute("exactly-once-at-end-of-input");

        StreamContents written = contents(stream, 1_000);
        assertThat(written.distinct).isEqualTo(1_000);
        assertThat(written.duplicates).isZero();
        assertThat(written.outOfOrder).isZero();
    }

    @Test
    void aSerializerThatThrowsOrAnOversizedEventFailsTheJobNamingTheStream() {
        Stream stream = CLUSTER.createStream(1);
        SerializationSchema<Integer> failing =
                value -> {
                    throw new IllegalArgumentException("cannot write " + value);
                };
        StreamExecutionEnvironment env = environment(1, 100, 0);
        integers(env, 10)
                .sinkTo(
                        FlinkPravegaWriter.<Integer>builder()
                                .withPravegaConfig(CLUSTER.getPravegaConfig())
                                .forStream(stream)
                                .withSerializationSchema(failing)
                                .build());
        assertThatThrownBy(() -> env.execute("bad-serializer"))
                .hasStackTraceContaining(
                        "Could not serialize a record for Pravega stream '"
                                + stream.getScopedName()
                                + "'")
                .hasStackTraceContaining("cannot write 0");

        SerializationSchema<Integer> huge = value -> new byte[9 * 1024 * 1024];
        StreamExecutionEnvironment env2 = environment(1, 100, 0);
        integers(env2, 1)
                .sinkTo(
                        FlinkPravegaWriter.<Integer>builder()
                                .withPravegaConfig(CLUSTER.getPravegaConfig())
                                .forStream(stream)
                                .withSerializationSchema(huge)
                                .build());
        assertThatThrownBy(() -> env2.execute("huge-event"))
                .hasStackTraceContaining("more than Pravega's limit of 8388608 bytes")
                .hasStackTraceContaining(stream.getScopedName());
    }

    @Test
    void aMissingStreamFailsTheJobWithAClearMessage() {
        StreamExecutionEnvironment env = environment(1, 100, 0);
        integers(env, 10)
                .sinkTo(
                        FlinkPravegaWriter.<Integer>builder()
                                .withPravegaConfig(CLUSTER.getPravegaConfig())
                                .forStream("no-such-output")
                                .withSerializationSchema(
                                        new PravegaSerializationSchema<>(new IntegerSerializer()))
                                .build());
        assertThatThrownBy(() -> env.execute("missing-stream"))
                .hasStackTraceContaining(
                        "The Pravega stream '"
                                + CLUSTER.getScope()
                                + "/no-such-output' does not exist");
    }

    @ParameterizedTest
    @EnumSource(
            value = PravegaWriterMode.class,
            names = {"ATLEAST_ONCE", "EXACTLY_ONCE"})
    void flinkWatermarksReachPravegaReadersAsTimeWindows(PravegaWriterMode mode) throws Exception {
        Stream stream = CLUSTER.createStream(1);
        StreamExecutionEnvironment env = environment(1, 200, 0);
        integers(env, Integer.MAX_VALUE)
                .map(new Throttle<>(1))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Integer>forMonotonousTimestamps()
                                .withTimestampAssigner((value, previous) -> 1_000_000L + value))
                .sinkTo(writer(stream, mode).enableWatermark(true).build());
        // Pravega's controller turns the times of live writers into watermarks every 10 s.
        JobClient job = env.executeAsync("watermarks-" + mode);
        AtomicReference<TimeWindow> window = new AtomicReference<>();
        String group = "time-" + mode.name().toLowerCase().replace('_', '-');
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(stream.getScope(), CLUSTER.getClientConfig());
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(
                                stream.getScope(), CLUSTER.getClientConfig())) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(stream).build());
            try (EventStreamReader<Integer> reader =
                    clients.createReader(
                            "time",
                            group,
                            new IntegerSerializer(),
                            ReaderConfig.builder().build())) {
                // The window belongs to the reader's position: keep up with the writer.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                do {
                    while (reader.readNextEvent(100).getEvent() != null) {
                        window.set(reader.getCurrentTimeWindow(stream));
                    }
                    window.set(reader.getCurrentTimeWindow(stream));
                } while (window.get().getLowerTimeBound() == null && System.nanoTime() < deadline);
            } finally {
                groups.deleteReaderGroup(group);
                job.cancel().get();
            }
        }
        assertThat(window.get().getLowerTimeBound()).isGreaterThanOrEqualTo(1_000_000L);
    }

    /**
     * After its last event, an exactly-once writer still receives watermarks; it commits its empty
     * transactions to carry them, so readers' time windows keep moving (else they would stop at its
     * last event, and a reader's event-time windows would never close).
     */
    @Test
    void anIdleExactlyOnceWriterKeepsMovingTimeWindows() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        StreamExecutionEnvironment env = environment(1, 200, 0);
        int written = 100;
        long base = 1_000_000L;
        integers(env, Integer.MAX_VALUE)
                .map(new Throttle<>(1))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Integer>forMonotonousTimestamps()
                                .withTimestampAssigner((value, previous) -> base + value))
                .filter(value -> value < written)
                .sinkTo(
                        writer(stream, PravegaWriterMode.EXACTLY_ONCE)
                                .enableWatermark(true)
                                .build());
        JobClient job = env.executeAsync("idle-writer-watermarks");
        AtomicReference<TimeWindow> window = new AtomicReference<>();
        AtomicInteger read = new AtomicInteger();
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(stream.getScope(), CLUSTER.getClientConfig());
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(
                                stream.getScope(), CLUSTER.getClientConfig())) {
            groups.createReaderGroup(
                    "idle-time", ReaderGroupConfig.builder().stream(stream).build());
            try (EventStreamReader<Integer> reader =
                    clients.createReader(
                            "time",
                            "idle-time",
                            new IntegerSerializer(),
                            ReaderConfig.builder().build())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                do {
                    while (reader.readNextEvent(100).getEvent() != null) {
                        read.incrementAndGet();
                    }
                    window.set(reader.getCurrentTimeWindow(stream));
                } while ((window.get().getLowerTimeBound() == null
                                || window.get().getLowerTimeBound() < base + 10 * written)
                        && System.nanoTime() < deadline);
            } finally {
                groups.deleteReaderGroup("idle-time");
                job.cancel().get();
            }
        }
        assertThat(read.get()).as("events written").isEqualTo(written);
        assertThat(window.get().getLowerTimeBound())
                .as("time window after the writer's last event: %s", window.get())
                .isGreaterThanOrEqualTo(base + 10 * written);
    }

    /**
     * Committing through another transaction object than the writer's leaks a connection and a
     * thread per transaction in client 0.13; the writer hands its own objects to the committer.
     */
    @Test
    void aLongExactlyOnceJobDoesNotGrowAThreadPerCheckpoint() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        ThreadCountAtCheckpoints.COUNTS.clear();
        StreamExecutionEnvironment env = environment(1, 100, 0);
        integers(env, 20_000)
                .map(new Throttle<>(10))
                .map(new ThreadCountAtCheckpoints())
                .sinkTo(writer(stream, PravegaWriterMode.EXACTLY_ONCE).build());
        env.execute("many-checkpoints");

        List<Integer> counts = List.copyOf(ThreadCountAtCheckpoints.COUNTS);
        assertThat(counts).as("checkpoints taken").hasSizeGreaterThan(15);
        int early = counts.get(3);
        int late = counts.get(counts.size() - 1);
        assertThat(late - early)
                .as("threads grown over %d checkpoints: %s", counts.size() - 3, counts)
                .isLessThan(10);
        assertThat(contents(stream, 20_000).values).hasSize(20_000);
    }

    private static final class SlowFirstCheckpoint
            implements MapFunction<Integer, Integer>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private transient boolean slept;

        @Override
        public Integer map(Integer value) {
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            if (!slept) {
                slept = true;
                Thread.sleep(15_000);
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }

    private static final class ThreadCountAtCheckpoints
            implements MapFunction<Integer, Integer>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final ConcurrentLinkedQueue<Integer> COUNTS = new ConcurrentLinkedQueue<>();

        @Override
        public Integer map(Integer value) {
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COUNTS.add(Thread.activeCount());
        }
    }

    private static final class RecordingRequest
            implements Committer.CommitRequest<PravegaCommittable> {
        private final PravegaCommittable committable;
        final AtomicReference<Throwable> knownFailure = new AtomicReference<>();
        private int retries;

        RecordingRequest(PravegaCommittable committable) {
            this.committable = committable;
        }

        void reset() {
            knownFailure.set(null);
        }

        @Override
        public PravegaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return retries;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            knownFailure.set(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            throw new AssertionError("unexpected failure", t);
        }

        @Override
        public void retryLater() {
            retries++;
        }

        @Override
        public void updateAndRetryLater(PravegaCommittable committable) {
            retries++;
        }

        @Override
        public void signalAlreadyCommitted() {
            throw new AssertionError("an aborted transaction is not committed");
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Jobs.waitUntil(condition, READ_TIMEOUT);
    }
}
