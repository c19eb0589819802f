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
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.sink.internal.PravegaCommittable;
import io.pravega.connectors.flink.sink.internal.PravegaCommitter;
import io.pravega.connectors.flink.utils.ExactlyOnceValidator;
import io.pravega.connectors.flink.utils.IntegerSerializer;
import io.pravega.connectors.flink.utils.Jobs;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.StreamContents;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TestEvents;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static io.pravega.connectors.flink.utils.TestEvents.integerSchema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bad-input catalogue: every bad input a user can give the connector, given the way a user
 * gives it ({@code build()}, {@code env.execute()}), against a real embedded Pravega. Each error
 * must say what is wrong (naming the value or stream) and how to fix it; where data is involved,
 * every record is counted. docs/troubleshooting.md has a row for each case. Wrong credentials and
 * plaintext against TLS need a secured cluster and are tested with it. Bad input that {@code
 * PravegaConfig} or a builder rejects before connecting is in the library's BadInputTest.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a hang is a failure, not a stuck build
class BadInputITCase {

    private static final Duration WAIT = Duration.ofMinutes(1);

    @RegisterExtension
    static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.withMetrics(1, 4);

    /** No restarts: the first failure fails the job, so its message is the job's error. */
    private static StreamExecutionEnvironment environment(
            int parallelism, long checkpointInterval) {
        return TestEnvironments.environment(parallelism, checkpointInterval, 0);
    }

    private static FlinkPravegaReader.Builder<Integer> reader(PravegaConfig config) {
        return FlinkPravegaReader.<Integer>builder()
                .withPravegaConfig(config)
                .withDeserializationSchema(integerSchema())
                .withReaderGroupRefreshTime(Duration.ofMillis(100));
    }

    private static FlinkPravegaWriter.Builder<Integer> writer(PravegaConfig config) {
        return FlinkPravegaWriter.<Integer>builder()
                .withPravegaConfig(config)
                .withSerializationSchema(new PravegaSerializationSchema<>(new IntegerSerializer()))
                .withEventRouter(TestEvents::routingKey);
    }

    /** A job that reads into nothing: it ends only if the read is bounded or fails. */
    private static void runReader(FlinkPravegaReader<Integer> reader) throws Exception {
        StreamExecutionEnvironment env = environment(1, 0);
        env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega")
                .sinkTo(new DiscardingSink<>());
        env.execute("bad-input-reader");
    }

    private static void runWriter(FlinkPravegaWriter<Integer> writer) throws Exception {
        StreamExecutionEnvironment env = environment(1, 100);
        env.fromSequence(0, 9).map(Long::intValue).returns(Integer.class).sinkTo(writer);
        env.execute("bad-input-writer");
    }

    /** Which side of the connector meets the bad input. */
    enum Side {
        UNBOUNDED_READER,
        BOUNDED_READER,
        WRITER
    }

    private static void run(Side side, PravegaConfig config, String streamSpec) throws Exception {
        switch (side) {
            case UNBOUNDED_READER:
                runReader(reader(config).forStream(streamSpec).build());
                break;
            case BOUNDED_READER:
                runReader(reader(config).forStream(streamSpec).boundedToTail().build());
                break;
            default:
                runWriter(writer(config).forStream(streamSpec).build());
        }
    }

    /** Connecting to a controller that does not answer. */
    @Nested
    class Connecting {

        /**
         * Nothing listens on the port. The Pravega client alone retries for about 90 s; the job
         * must fail after the connector's controller timeout instead, saying what to check.
         */
        @ParameterizedTest
        @EnumSource(Side.class)
        void unreachableControllerFailsTheJobAfterTheControllerTimeout(Side side) throws Exception {
            String uri = "tcp://localhost:" + freePort();
            PravegaConfig config =
                    PravegaConfig.fromDefaults()
                            .withControllerURI(uri)
                            .withDefaultScope(CLUSTER.getScope())
                            .withControllerTimeout(Duration.ofSeconds(3));
            long start = System.nanoTime();
            assertThatThrownBy(() -> run(side, config, "events"))
                    .hasStackTraceContaining(
                            "No answer from the Pravega controller "
                                    + uri
                                    + " within 3 s while checking")
                    .hasStackTraceContaining("'" + CLUSTER.getScope())
                    .hasStackTraceContaining(
                            "Check that Pravega runs and that the controller URI is right")
                    .hasStackTraceContaining("withControllerTimeout");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println(
                    "Unreachable controller ("
                            + side
                            + "): the job failed after "
                            + took.toMillis()
                            + " ms");
            // Generous: only shows that the 3 s timeout, not the client's 90 s of retries, ended
            // it.
            assertThat(took).isLessThan(Duration.ofSeconds(45));
        }
    }

    /** Streams and scopes. */
    @Nested
    class StreamsAndScopes {

        @ParameterizedTest
        @EnumSource(Side.class)
        void missingScopeFailsTheJobNamingTheScope(Side side) {
            assertThatThrownBy(() -> run(side, CLUSTER.getPravegaConfig(), "no-such-scope/events"))
                    .hasStackTraceContaining(
                            "The scope 'no-such-scope' of stream 'no-such-scope/events' "
                                    + "does not exist on the Pravega controller "
                                    + CLUSTER.getControllerURI())
                    .hasStackTraceContaining(
                            "Create the scope and stream first, or check the names.");
        }

        @Test
        void missingReaderGroupScopeFailsTheJobNamingTheScope() {
            Stream stream = CLUSTER.createStream(1);
            FlinkPravegaReader<Integer> reader =
                    reader(CLUSTER.getPravegaConfig())
                            .forStream(stream)
                            .withReaderGroupScope("no-such-group-scope")
                            .build();
            assertThatThrownBy(() -> runReader(reader))
                    .hasStackTraceContaining(
                            "The scope 'no-such-group-scope' of reader group '"
                                    + reader.getReaderGroupName()
                                    + "' does not exist")
                    .hasStackTraceContaining(
                            "choose an existing scope with withReaderGroupScope(...)");
        }

        @ParameterizedTest
        @EnumSource(Side.class)
        void missingStreamFailsTheJobNamingTheStream(Side side) {
            assertThatThrownBy(() -> run(side, CLUSTER.getPravegaConfig(), "no-such-stream"))
                    .hasStackTraceContaining(
                            "The Pravega stream '"
                                    + CLUSTER.getScope()
                                    + "/no-such-stream' "
                                    + "does not exist on the controller "
                                    + CLUSTER.getControllerURI())
                    .hasStackTraceContaining("Create it first, or check the name.");
        }
    }

    /** StreamCuts, as objects and as text. */
    @Nested
    class StreamCuts {

        /**
         * Users pass cuts as text (StreamCut.asText(), e.g. from program arguments). Pravega's own
         * parser only says "Invalid base64 input."; the builder names the cut, the stream and the
         * fix.
         */
        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"garbage", "TRUNCATED", "H4sIAAAAAAAA", " "})
        void malformedStreamCutTextIsABuilderErrorNamingTheCutAndStream(String text) {
            Stream stream = CLUSTER.createStream(2);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, 10);
            String cut = "TRUNCATED".equals(text) ? truncated(tail(stream).asText()) : text;

            if (!cut.isBlank()) {
                // What the user gets without the connector's help.
                assertThatThrownBy(() -> StreamCut.from(cut)).hasMessage("Invalid base64 input.");
            }
            assertThatThrownBy(
                            () ->
                                    reader(CLUSTER.getPravegaConfig())
                                            .forStream(stream.getScopedName(), cut, "UNBOUNDED")
                                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("The start StreamCut")
                    .hasMessageContaining("stream '" + stream.getScopedName() + "'")
                    .hasMessageContaining(
                            cut.isBlank() ? "is empty" : "'" + cut + "' given for stream")
                    .hasMessageContaining("Pass the")
                    .hasMessageContaining("text of StreamCut.asText(), or 'UNBOUNDED'");
        }

        /**
         * The text form works end to end: the read between two text cuts has exactly the events
         * between them.
         */
        @Test
        void streamCutsAsTextReadExactlyTheEventsBetweenThem() throws Exception {
            Stream stream = CLUSTER.createStream(2);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, 500);
            String from = tail(stream).asText();
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 500, 1_500);
            String to = tail(stream).asText();
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 1_500, 2_000);

            List<Integer> read = new ArrayList<>();
            environment(2, 0)
                    .fromSource(
                            reader(CLUSTER.getPravegaConfig())
                                    .forStream(stream.getScopedName(), from, to)
                                    .build(),
                            WatermarkStrategy.noWatermarks(),
                            "pravega")
                    .executeAndCollect()
                    .forEachRemaining(read::add);
            assertThat(read).containsExactlyInAnyOrderElementsOf(range(500, 1_500));
        }

        @ParameterizedTest
        @ValueSource(strings = {"start", "end"})
        void streamCutOfAnotherStreamIsABuilderError(String which) {
            Stream stream = CLUSTER.createStream(1);
            Stream other = CLUSTER.createStream(1);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), other, 0, 10);
            StreamCut otherCut = tail(other);
            FlinkPravegaReader.Builder<Integer> builder = reader(CLUSTER.getPravegaConfig());
            if ("start".equals(which)) {
                builder.forStream(stream, otherCut);
            } else {
                builder.forStream(stream, StreamCut.UNBOUNDED, otherCut);
            }
            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(
                            "The "
                                    + which
                                    + " StreamCut given for stream '"
                                    + stream.getScopedName()
                                    + "' is a StreamCut of stream '"
                                    + other.getScopedName()
                                    + "'.")
                    .hasMessageContaining("Pass a StreamCut of the same stream.");
        }

        @Test
        void startCutAfterEndCutIsABuilderError() {
            Stream stream = CLUSTER.createStream(2);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, 100);
            StreamCut earlier = tail(stream);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 100, 200);
            StreamCut later = tail(stream);

            assertThatThrownBy(
                            () ->
                                    reader(CLUSTER.getPravegaConfig())
                                            .forStream(stream, later, earlier)
                                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(
                            "The StreamCuts of ["
                                    + stream.getScopedName()
                                    + " (bounded)] are inconsistent")
                    .hasMessageContaining(
                            "A start StreamCut must not be after the end StreamCut of the same stream.");
        }
    }

    /** Undeserializable events. */
    @Nested
    class UndeserializableEvents {

        /**
         * Fail mode: the job fails naming the stream, the event's segment and offset, and the skip
         * option.
         */
        @ParameterizedTest
        @EnumSource(
                value = Side.class,
                names = {"UNBOUNDED_READER", "BOUNDED_READER"})
        void undeserializableEventFailsTheJobWithItsPositionAndTheSkipOption(Side side) {
            Stream stream = CLUSTER.createStream(1);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, 10);
            // The bad event starts where the segment ends now.
            long offset = tail(stream).asImpl().getPositions().values().iterator().next();
            TestEvents.writeBytes(CLUSTER.getClientConfig(), stream, new byte[] {1, 2, 3});
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 10, 20);

            assertThatThrownBy(() -> run(side, CLUSTER.getPravegaConfig(), stream.getScopedName()))
                    .hasStackTraceContaining(
                            "Could not deserialize an event of 3 bytes from Pravega stream '"
                                    + stream.getScopedName()
                                    + "' at ")
                    .hasStackTraceContaining(
                            "at segment "
                                    + stream.getScopedName()
                                    + "/0.#epoch.0, offset "
                                    + offset)
                    .hasStackTraceContaining(
                            "Fix the schema or the data, or let the reader skip such events with "
                                    + "FlinkPravegaReader.builder().withSkipUndeserializableEvents(true).")
                    .hasStackTraceContaining("An integer event has 4 bytes, this one has 3");
        }

        /**
         * Skip mode: every good event arrives exactly once and in per-key order, each bad one is
         * counted in numUndeserializableEvents, and numRecordsIn counts all of them.
         */
        @ParameterizedTest
        @EnumSource(
                value = Side.class,
                names = {"UNBOUNDED_READER", "BOUNDED_READER"})
        void undeserializableEventsAreSkippedAndCountedAndNothingElseIsLost(Side side)
                throws Exception {
            int events = 2_000;
            byte[][] bad = {{1}, {1, 2}, {1, 2, 3}, {1, 2, 3, 4, 5}, new byte[100]};
            Stream stream = CLUSTER.createStream(3);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, events / 2);
            for (byte[] event : bad) {
                TestEvents.writeBytes(CLUSTER.getClientConfig(), stream, event);
            }
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, events / 2, events);

            String name = "skip-" + side;
            FlinkPravegaReader.Builder<Integer> builder =
                    reader(CLUSTER.getPravegaConfig())
                            .forStream(stream)
                            .withSkipUndeserializableEvents(true);
            boolean bounded = side == Side.BOUNDED_READER;
            StreamExecutionEnvironment env = environment(2, 200);
            FlinkPravegaReader<Integer> source =
                    bounded ? builder.boundedToTail().build() : builder.build();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "pravega")
                    .map(new ExactlyOnceValidator(name, events))
                    .setParallelism(1)
                    .sinkTo(new DiscardingSink<>());
            ExactlyOnceValidator.Result result = ExactlyOnceValidator.result(name);
            JobID job;
            if (bounded) {
                job = env.execute(name).getJobID(); // ends after the last event
            } else {
                JobClient client = env.executeAsync(name);
                job = client.getJobID();
                assertThat(result.allSeen.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("all events seen")
                        .isTrue();
                waitUntil(() -> sourceCounter(job, "numUndeserializableEvents") == bad.length);
                Thread.sleep(1_000); // a replayed or late event would arrive now
                client.cancel().get();
            }

            assertThat(result.distinct).as("good events seen").isEqualTo(events);
            assertThat(result.duplicates.get()).as("duplicates").isZero();
            assertThat(result.outOfOrder.get()).as("events out of per-key order").isZero();
            assertThat(result.outOfRange.get()).as("values never written").isZero();
            assertThat(sourceCounter(job, "numUndeserializableEvents")).isEqualTo(bad.length);
            assertThat(sourceCounter(job, "numRecordsIn"))
                    .as("every event read, the bad ones included")
                    .isEqualTo(events + bad.length);
        }
    }

    /** Writing: serializers, event size, checkpointing and transaction leases. */
    @Nested
    class Writing {

        @ParameterizedTest
        @EnumSource(PravegaWriterMode.class)
        void serializerThatThrowsFailsTheWriterJobNamingTheStream(PravegaWriterMode mode) {
            Stream stream = CLUSTER.createStream(1);
            SerializationSchema<Integer> failsAtFive =
                    value -> {
                        if (value == 5) {
                            throw new IllegalArgumentException("cannot serialize " + value);
                        }
                        return new IntegerSerializer().serialize(value).array();
                    };
            FlinkPravegaWriter<Integer> sink =
                    FlinkPravegaWriter.<Integer>builder()
                            .withPravegaConfig(CLUSTER.getPravegaConfig())
                            .forStream(stream)
                            .withSerializationSchema(failsAtFive)
                            .withWriterMode(mode)
                            .build();
            assertThatThrownBy(() -> runWriter(sink))
                    .hasStackTraceContaining(
                            "Could not serialize a record for Pravega stream '"
                                    + stream.getScopedName()
                                    + "'")
                    .hasStackTraceContaining("cannot serialize 5")
                    .hasStackTraceContaining("Fix the schema or the record.");
        }

        /**
         * Pravega's limit is 8 MiB per event: exactly 8 MiB is written intact, one byte more fails
         * the job clearly.
         */
        @Test
        void eventOverEightMebibytesFailsTheJobAndOneOfExactlyEightIsWritten() throws Exception {
            int limit = 8 * 1024 * 1024;
            Stream stream = CLUSTER.createStream(1);
            // The record is the size of the event it becomes.
            SerializationSchema<Integer> ofSize =
                    size -> {
                        byte[] event = new byte[size];
                        event[size - 1] = 42;
                        return event;
                    };
            StreamExecutionEnvironment env = environment(1, 0);
            env.fromData(limit)
                    .sinkTo(
                            FlinkPravegaWriter.<Integer>builder()
                                    .withPravegaConfig(CLUSTER.getPravegaConfig())
                                    .forStream(stream)
                                    .withSerializationSchema(ofSize)
                                    .build());
            env.execute("eight-mib");
            ByteBuffer written = readOne(stream);
            assertThat(written.remaining()).isEqualTo(limit);
            assertThat(written.get(limit - 1)).isEqualTo((byte) 42);

            StreamExecutionEnvironment tooBig = environment(1, 0);
            tooBig.fromData(limit + 1)
                    .sinkTo(
                            FlinkPravegaWriter.<Integer>builder()
                                    .withPravegaConfig(CLUSTER.getPravegaConfig())
                                    .forStream(stream)
                                    .withSerializationSchema(ofSize)
                                    .build());
            assertThatThrownBy(() -> tooBig.execute("over-eight-mib"))
                    .hasStackTraceContaining(
                            "A record serialized to "
                                    + (limit + 1)
                                    + " bytes, more than Pravega's limit of "
                                    + limit
                                    + " bytes (8 MiB) per event, "
                                    + "so it cannot be written to stream '"
                                    + stream.getScopedName()
                                    + "'")
                    .hasStackTraceContaining("Split or shrink such records before the sink.");
        }

        @Test
        void exactlyOnceWithCheckpointingDisabledFailsAtSubmissionWithTheFix() {
            Stream stream = CLUSTER.createStream(1);
            StreamExecutionEnvironment env = environment(1, 0);
            env.fromSequence(0, 9)
                    .map(Long::intValue)
                    .returns(Integer.class)
                    .sinkTo(
                            writer(CLUSTER.getPravegaConfig())
                                    .forStream(stream)
                                    .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                    .build());
            assertThatThrownBy(() -> env.execute("eo-without-checkpoints"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(
                            "FlinkPravegaWriter for stream '"
                                    + stream.getScopedName()
                                    + "' runs in EXACTLY_ONCE mode")
                    .hasMessageContaining("but checkpointing is off")
                    .hasMessageContaining(
                            "Enable checkpointing (env.enableCheckpointing(interval)), run in "
                                    + "RuntimeExecutionMode.BATCH, or choose "
                                    + "PravegaWriterMode.ATLEAST_ONCE.");
        }

        /** The limits themselves work: a job with a 10 min lease writes every record once. */
        @Test
        void transactionLeaseOfPravegasMaximumWorks() throws Exception {
            Stream stream = CLUSTER.createStream(1);
            runWriter(
                    writer(CLUSTER.getPravegaConfig())
                            .forStream(stream)
                            .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                            .withTxnLeaseRenewalPeriod(
                                    FlinkPravegaWriter.Builder.MAX_TXN_LEASE_RENEWAL_PERIOD)
                            .build());
            StreamContents written =
                    StreamContents.read(CLUSTER.getClientConfig(), stream, 10, WAIT);
            assertThat(written.values)
                    .as("%s", written)
                    .containsExactlyInAnyOrderElementsOf(range(0, 10));
        }

        /**
         * A transaction whose writer went away (as in a restart longer than the lease) really
         * expires; the committer then reports its events as lost, with the setting to raise, and
         * counts it. FlinkPravegaWriterITCase covers the same report for a transaction aborted by
         * hand.
         */
        @Test
        void expiredTransactionIsReportedAsLostWithTheSettingToRaise() throws Exception {
            Stream stream = CLUSTER.createStream(1);
            FlinkPravegaWriter<Integer> sink =
                    writer(CLUSTER.getPravegaConfig())
                            .forStream(stream)
                            .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                            .withTxnLeaseRenewalPeriod(
                                    FlinkPravegaWriter.Builder.MIN_TXN_LEASE_RENEWAL_PERIOD)
                            .build();
            RecordingRequest request;
            try (EventStreamClientFactory clients =
                    EventStreamClientFactory.withScope(
                            stream.getScope(), CLUSTER.getClientConfig())) {
                Transaction<ByteBuffer> txn;
                try (TransactionalEventStreamWriter<ByteBuffer> gone =
                        clients.createTransactionalEventWriter(
                                "gone",
                                stream.getStreamName(),
                                new ByteBufferSerializer(),
                                sink.getSinkConfig().writerConfig())) {
                    txn = gone.beginTxn();
                    txn.writeEvent(ByteBuffer.wrap(new byte[] {0, 0, 0, 1}));
                    txn.flush();
                }
                // The writer is closed: nobody renews the 10 s lease any more.
                long start = System.nanoTime();
                waitUntil(() -> txn.checkStatus() == Transaction.Status.ABORTED);
                System.out.println(
                        "The transaction expired after "
                                + (System.nanoTime() - start) / 1_000_000
                                + " ms");
                request =
                        new RecordingRequest(
                                new PravegaCommittable(
                                        stream.getScopedName(),
                                        txn.getTxnId(),
                                        PravegaCommittable.NO_TIMESTAMP));
            }
            SimpleCounter lost = new SimpleCounter();
            try (Committer<PravegaCommittable> committer =
                    new PravegaCommitter(sink.getSinkConfig(), lost)) {
                committer.commit(List.of(request));
            }
            assertThat(request.knownFailure.get())
                    .hasMessageContaining(
                            "Pravega aborted transaction "
                                    + request.getCommittable().getTxnId()
                                    + " on stream '"
                                    + stream.getScopedName()
                                    + "' before Flink could commit it")
                    .hasMessageContaining("are LOST")
                    .hasMessageContaining("lease of 10 s")
                    .hasMessageContaining(
                            "Raise FlinkPravegaWriter.builder().withTxnLeaseRenewalPeriod(...) above the "
                                    + "longest restart time.");
            assertThat(lost.getCount()).as("numLostTransactions").isEqualTo(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static StreamCut tail(Stream stream) {
        try (StreamManager streams = StreamManager.create(CLUSTER.getClientConfig())) {
            return streams.fetchStreamInfo(stream.getScope(), stream.getStreamName())
                    .join()
                    .getTailStreamCut();
        }
    }

    private static String truncated(String text) {
        return text.substring(0, text.length() / 2);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }

    /** The single event of a stream, read with the raw client. */
    private static ByteBuffer readOne(Stream stream) {
        String group = "one-" + UUID.randomUUID().toString().substring(0, 8);
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(stream.getScope(), CLUSTER.getClientConfig());
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(
                                stream.getScope(), CLUSTER.getClientConfig())) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(stream).build());
            try (EventStreamReader<ByteBuffer> reader =
                    clients.createReader(
                            "one",
                            group,
                            new ByteBufferSerializer(),
                            ReaderConfig.builder().build())) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    EventRead<ByteBuffer> read = reader.readNextEvent(500);
                    if (read.getEvent() != null) {
                        return read.getEvent();
                    }
                }
                throw new AssertionError(
                        "No event in " + stream.getScopedName() + " within " + WAIT);
            } finally {
                groups.deleteReaderGroup(group);
            }
        }
    }

    /** A counter of the source operator, summed over its subtasks. */
    private static long sourceCounter(JobID job, String name) {
        long total = 0;
        for (MetricGroup group :
                CLUSTER.metrics().findOperatorMetricGroups(job, "Source: pravega")) {
            Metric metric = CLUSTER.metrics().getMetricsByGroup(group).get(name);
            if (metric instanceof Counter) {
                total += ((Counter) metric).getCount();
            }
        }
        return total;
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Jobs.waitUntil(condition, WAIT);
    }

    /** Records what the committer reports for one transaction. */
    private static final class RecordingRequest
            implements Committer.CommitRequest<PravegaCommittable> {
        private final PravegaCommittable committable;
        final AtomicReference<Throwable> knownFailure = new AtomicReference<>();

        RecordingRequest(PravegaCommittable committable) {
            this.committable = committable;
        }

        @Override
        public PravegaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            knownFailure.set(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            throw new AssertionError("an expired transaction is a known failure", t);
        }

        @Override
        public void retryLater() {
            throw new AssertionError("an expired transaction cannot be retried");
        }

        @Override
        public void updateAndRetryLater(PravegaCommittable committable) {
            throw new AssertionError("an expired transaction cannot be retried");
        }

        @Override
        public void signalAlreadyCommitted() {
            throw new AssertionError("an expired transaction is not committed");
        }
    }
}
