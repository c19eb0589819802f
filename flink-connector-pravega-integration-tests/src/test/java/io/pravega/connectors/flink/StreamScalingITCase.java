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
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.StreamCutImpl;
import io.pravega.connectors.flink.source.enumerator.readergroup.CheckpointGaps;
import io.pravega.connectors.flink.source.reader.readergroup.ReaderGroupSourceReader;
import io.pravega.connectors.flink.utils.ExactlyOnceValidator;
import io.pravega.connectors.flink.utils.IntegerSerializer;
import io.pravega.connectors.flink.utils.Jobs;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.StreamScaling;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TestEvents;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unbounded reader follows stream scaling on its own: a Pravega reader reaches the successors of
 * a sealed segment only after a reader-group checkpoint, and the source starts release checkpoints
 * when Flink starts none. Each case reads every event exactly once, in per-key order, across
 * splits, merges, and transactions that were open while the stream scaled.
 */
class StreamScalingITCase {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /**
     * Without release checkpoints these events arrive 25 s after the commit (10 s Flink
     * checkpoints).
     */
    private static final Duration AFTER_COMMIT = Duration.ofSeconds(7);

    @RegisterExtension
    static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.withMetrics(1, 3);

    @Test
    void withoutCheckpointingReadsAcrossASplitAndAMerge() throws Exception {
        String name = "split-merge-no-checkpoints";
        Stream stream = CLUSTER.createStream(2);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, 1_000);
        JobClient job = startReading(name, stream, 0, 3_000);
        try {
            awaitDistinct(name, 1_000);
            assertThat(StreamScaling.splitLowerHalf(CLUSTER.getClientConfig(), stream))
                    .isEqualTo(3);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 1_000, 2_000);
            awaitDistinct(name, 2_000);
            assertThat(StreamScaling.mergeLowerHalf(CLUSTER.getClientConfig(), stream))
                    .isEqualTo(2);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 2_000, 3_000);
            awaitAllAndQuiet(name);
            waitUntil(() -> maxGauge(job, ReaderGroupSourceReader.SEGMENT_RELEASE_WAIT_GAUGE) >= 0);
        } finally {
            cancel(job);
        }
        assertExactlyOnce(name, 3_000);
    }

    @Test
    void withoutCheckpointingReadsATransactionThatWasOpenWhileTheStreamScaled() throws Exception {
        String name = "txn-scale-no-checkpoints";
        Stream stream = CLUSTER.createStream(2);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, 500);
        JobClient job = startReading(name, stream, 0, 2_000);
        try {
            awaitDistinct(name, 500);
            writeTransactionAcrossScaling(stream, 500, 1_500);
            TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 1_500, 2_000);
            awaitAllAndQuiet(name);
        } finally {
            cancel(job);
        }
        assertExactlyOnce(name, 2_000);
    }

    /**
     * With Flink checkpoints every 10 s, the events of a transaction that crossed a split and a
     * merge (three epochs, each released in turn) arrive within seconds of its commit, not at the
     * Flink checkpoints that follow.
     */
    @Test
    void withRareCheckpointsReadsATransactionAcrossScalingWithinSecondsOfItsCommit()
            throws Exception {
        String name = "txn-scale-rare-checkpoints";
        Stream stream = CLUSTER.createStream(2);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, 500);
        JobClient job = startReading(name, stream, 10_000, 1_500);
        long waitedMillis;
        try {
            awaitDistinct(name, 500);
            long committed = writeTransactionAcrossScaling(stream, 500, 1_500);
            assertThat(
                            ExactlyOnceValidator.result(name)
                                    .allSeen
                                    .await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("all events seen")
                    .isTrue();
            waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed);
            Thread.sleep(1_000);
        } finally {
            cancel(job);
        }
        assertThat(waitedMillis)
                .as("ms from the commit until every event was read")
                .isLessThan(AFTER_COMMIT.toMillis());
        assertExactlyOnce(name, 1_500);
    }

    /**
     * A reader group restarted at checkpoint positions taken while one of two merged segments was
     * read and released and the other not yet: the positions hold only the second, and the merged
     * successor waits for both. The connector fills the gap before it restarts the group, and the
     * reader reads the second segment and then the successor, each event once.
     */
    @Test
    void restartAtPositionsTakenBetweenTwoMergedSegmentsReadsTheSuccessor() throws Exception {
        String name = "restart-at-merge-gap";
        // A fixed policy would refuse the merge below its segment count: start with one, split it.
        Stream stream =
                CLUSTER.createStream(
                        "merge-gap",
                        StreamConfiguration.builder()
                                .scalingPolicy(ScalingPolicy.byEventRate(1_000_000, 2, 1))
                                .build());
        assertThat(
                        StreamScaling.scale(
                                CLUSTER.getClientConfig(),
                                stream,
                                new double[] {0.5},
                                Map.of(0.0, 0.5, 0.5, 1.0)))
                .isEqualTo(2);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, 700);
        List<String> keys = new ArrayList<>();
        for (int key = 0; key < TestEvents.KEYS; key++) {
            keys.add(TestEvents.routingKey(key));
        }
        Map<String, Segment> segmentOfKey =
                StreamScaling.segmentsOfKeys(CLUSTER.getClientConfig(), stream, keys);
        Segment released = segmentOfKey.get(TestEvents.routingKey(0));
        Segment unread =
                segmentOfKey.values().stream()
                        .filter(segment -> !segment.equals(released))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "all keys in one segment: " + segmentOfKey));
        assertThat(
                        StreamScaling.scale(
                                CLUSTER.getClientConfig(),
                                stream,
                                new double[] {0.25, 0.75},
                                Map.of(0.0, 1.0)))
                .isEqualTo(1);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 700, 1_400);

        StreamCut positions = new StreamCutImpl(stream, Map.of(unread, 0L));
        StreamCut filled =
                StreamScaling.withController(
                                CLUSTER.getClientConfig(),
                                (controller, executor) ->
                                        CheckpointGaps.fill(
                                                controller,
                                                Map.of(stream, positions),
                                                Map.of(),
                                                TIMEOUT))
                        .get(stream);
        assertThat(filled.asImpl().getPositions())
                .as("positions with the gap filled")
                .containsEntry(unread, 0L)
                .containsEntry(released, -1L)
                .hasSize(2);

        Set<Integer> expected = new HashSet<>();
        for (int value = 0; value < 1_400; value++) {
            if (value >= 700 || segmentOfKey.get(TestEvents.routingKey(value)).equals(unread)) {
                expected.add(value);
            }
        }
        StreamExecutionEnvironment env = TestEnvironments.environment(2, 0, 0);
        FlinkPravegaReader<Integer> reader =
                FlinkPravegaReader.<Integer>builder()
                        .withPravegaConfig(CLUSTER.getPravegaConfig())
                        .forStream(stream, filled)
                        .withDeserializationSchema(TestEvents.integerSchema())
                        .build();
        env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega")
                .map(new CountValues(name))
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync(name);
        Map<Integer, Integer> counts = CountValues.counts(name);
        try {
            waitUntil(() -> counts.keySet().containsAll(expected));
            Thread.sleep(1_000);
        } finally {
            cancel(job);
        }
        assertThat(counts.keySet()).as("events read").isEqualTo(expected);
        assertThat(counts.values()).as("times each event was read").containsOnly(1);
    }

    /**
     * Counts how often each value passed, in a registry the test reads (the MiniCluster is
     * in-process).
     */
    private static final class CountValues implements MapFunction<Integer, Integer> {
        private static final long serialVersionUID = 1L;
        private static final Map<String, Map<Integer, Integer>> COUNTS = new ConcurrentHashMap<>();
        private final String name;

        CountValues(String name) {
            this.name = name;
            COUNTS.put(name, new ConcurrentHashMap<>());
        }

        static Map<Integer, Integer> counts(String name) {
            return COUNTS.get(name);
        }

        @Override
        public Integer map(Integer value) {
            COUNTS.get(name).merge(value, 1, Integer::sum);
            return value;
        }
    }

    /**
     * Reader (parallelism 2) to a validator; checkpointing off when the interval is 0, no restarts.
     */
    private static JobClient startReading(
            String name, Stream stream, long checkpointInterval, int events) throws Exception {
        StreamExecutionEnvironment env = TestEnvironments.environment(2, checkpointInterval, 0);
        FlinkPravegaReader<Integer> reader =
                FlinkPravegaReader.<Integer>builder()
                        .withPravegaConfig(CLUSTER.getPravegaConfig())
                        .forStream(stream)
                        .withDeserializationSchema(TestEvents.integerSchema())
                        .build();
        env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega")
                .map(new ExactlyOnceValidator(name, events))
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>());
        return env.executeAsync(name);
    }

    /**
     * Writes from..to-1 in one transaction: half, then a split of [0, 0.5), the other half, then
     * the merge back; commits and waits until Pravega reports it committed.
     *
     * @return System.nanoTime() when the transaction was seen committed
     */
    private static long writeTransactionAcrossScaling(Stream stream, int from, int to)
            throws Exception {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(
                                stream.getScope(), CLUSTER.getClientConfig());
                TransactionalEventStreamWriter<Integer> writer =
                        factory.createTransactionalEventWriter(
                                "scaling-test",
                                stream.getStreamName(),
                                new IntegerSerializer(),
                                EventWriterConfig.builder()
                                        .transactionTimeoutTime(60_000)
                                        .build())) {
            Transaction<Integer> txn = writer.beginTxn();
            int middle = (from + to) / 2;
            for (int i = from; i < middle; i++) {
                txn.writeEvent(TestEvents.routingKey(i), i);
            }
            assertThat(StreamScaling.splitLowerHalf(CLUSTER.getClientConfig(), stream))
                    .isEqualTo(3);
            for (int i = middle; i < to; i++) {
                txn.writeEvent(TestEvents.routingKey(i), i);
            }
            assertThat(StreamScaling.mergeLowerHalf(CLUSTER.getClientConfig(), stream))
                    .isEqualTo(2);
            txn.commit();
            waitUntil(() -> txn.checkStatus() == Transaction.Status.COMMITTED);
            return System.nanoTime();
        }
    }

    private static void awaitDistinct(String name, int distinct) throws InterruptedException {
        waitUntil(() -> ExactlyOnceValidator.result(name).distinct >= distinct);
    }

    /** All events, then one more second in which replays or duplicates would show. */
    private static void awaitAllAndQuiet(String name) throws InterruptedException {
        ExactlyOnceValidator.Result result = ExactlyOnceValidator.result(name);
        assertThat(result.allSeen.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("all events seen, distinct %d", result.distinct)
                .isTrue();
        Thread.sleep(1_000);
    }

    private static void assertExactlyOnce(String name, int events) {
        ExactlyOnceValidator.result(name).assertExactlyOnce(events);
    }

    private static long maxGauge(JobClient job, String name) {
        return CLUSTER.metrics().findMetrics(job.getJobID(), name).values().stream()
                .filter(metric -> metric instanceof Gauge)
                .mapToLong(metric -> ((Number) ((Gauge<?>) metric).getValue()).longValue())
                .max()
                .orElse(-1L);
    }

    private static void cancel(JobClient job) throws InterruptedException {
        Jobs.cancel(job, TIMEOUT);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Jobs.waitUntil(condition, TIMEOUT);
    }
}
