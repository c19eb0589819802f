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

import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.testing.LiveThreads;
import io.pravega.connectors.flink.utils.ExactlyOnceValidator;
import io.pravega.connectors.flink.utils.IntegerSerializer;
import io.pravega.connectors.flink.utils.Jobs;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.StreamContents;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TestEvents;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty reader and writer jobs in a row in one JVM leave neither threads nor reader groups behind.
 * The old connector leaked both (client factories and their threads after cancel, up to a Metaspace
 * OOM; reader groups that were never deleted).
 */
class ResourceLeakITCase {

    private static final int RUNS = 20;
    private static final int EVENTS = 300;

    /**
     * Threads come and go with no leak: Flink's RPC dispatchers, gRPC's executor and the embedded
     * servers' pools swap threads. Right after the runs the count was up to 7 above the baseline
     * and seconds later back at or below it, with at most 3 new threads of any one kind. A leak
     * repeats one kind of thread per job, and each kind of job runs at least 6 times: so at most 5
     * more threads in all, and at most 4 new ones of a kind.
     */
    private static final int THREAD_TOLERANCE = 5;

    private static final int SAME_KIND_TOLERANCE = 4;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(1);

    /** Pravega keeps a reader group's state in a stream named with this prefix. */
    private static final String READER_GROUP_STREAM_PREFIX = "_RG";

    @RegisterExtension static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.of(1, 4);

    @Test
    void twentyReaderAndWriterJobsLeaveNoThreadsAndNoReaderGroupsBehind() throws Exception {
        // Warm-up: loads classes and starts the pools that Flink and Pravega create on first use.
        runJobs(0);
        waitUntil(() -> readerGroups() == 0);
        LiveThreads baseline = LiveThreads.settled(Duration.ofSeconds(2), SETTLE_TIMEOUT);
        int groupsBaseline = readerGroups();
        assertThat(groupsBaseline).as("reader groups left by the warm-up run").isZero();

        for (int run = 1; run <= RUNS; run++) {
            runJobs(run);
        }

        LiveThreads after =
                LiveThreads.await(
                        threads ->
                                threads.count() <= baseline.count() + THREAD_TOLERANCE
                                        && mostOfAKind(threads.newByName(baseline))
                                                <= SAME_KIND_TOLERANCE,
                        SETTLE_TIMEOUT);
        String newThreads = after.newSince(baseline);
        assertThat(after.count())
                .as(
                        "live threads after %d runs (baseline %d); threads not in the baseline:%n%s",
                        RUNS, baseline.count(), newThreads)
                .isLessThanOrEqualTo(baseline.count() + THREAD_TOLERANCE);
        assertThat(mostOfAKind(after.newByName(baseline)))
                .as(
                        "most new threads of one kind after %d runs; threads not in the baseline:%n%s",
                        RUNS, newThreads)
                .isLessThanOrEqualTo(SAME_KIND_TOLERANCE);
        waitUntil(() -> readerGroups() <= groupsBaseline);
        assertThat(readerGroups())
                .as("reader groups in scope %s", CLUSTER.getScope())
                .isEqualTo(groupsBaseline);
    }

    /**
     * One run: an unbounded reader job, then a writer job into its stream (the mode rotates); the
     * reader job is cancelled once it has read every event. In odd runs the reader job also writes
     * what it reads with an exactly-once writer (a reader-to-writer pipeline), and every third run
     * adds a bounded read. So each kind of job runs at least 6 times, more than the tolerance.
     */
    private static void runJobs(int run) throws Exception {
        Stream input = CLUSTER.createStream("leak-in", 2);
        String name = "leak-read-" + run;
        boolean pipeline = run % 2 == 1;
        Stream output = pipeline ? CLUSTER.createStream("leak-out", 1) : null;
        StreamExecutionEnvironment readEnv = TestEnvironments.environment(2, 100, 0);
        DataStream<Integer> read =
                readEnv.fromSource(reader(input), WatermarkStrategy.noWatermarks(), "pravega")
                        .map(new ExactlyOnceValidator(name, EVENTS))
                        .setParallelism(1);
        if (pipeline) {
            read.sinkTo(writer(output, PravegaWriterMode.EXACTLY_ONCE)).setParallelism(1);
        } else {
            read.sinkTo(new DiscardingSink<>());
        }
        JobClient job = readEnv.executeAsync(name);

        PravegaWriterMode mode =
                PravegaWriterMode.values()[run % PravegaWriterMode.values().length];
        StreamExecutionEnvironment writeEnv = TestEnvironments.environment(2, 500, 0);
        writeEnv.fromSequence(0, EVENTS - 1)
                .map(Long::intValue)
                .returns(Integer.class)
                .sinkTo(writer(input, mode));
        writeEnv.execute("leak-write-" + run);

        ExactlyOnceValidator.Result result = ExactlyOnceValidator.result(name);
        assertThat(result.allSeen.await(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("run %d: all %d events read; distinct %d", run, EVENTS, result.distinct)
                .isTrue();
        if (run == 0) {
            assertThat(readerGroups()).as("the running reader's group is counted").isEqualTo(1);
        }
        if (pipeline) {
            // Checkpoints commit the pipeline's transactions: wait for them before cancelling.
            assertThat(
                            StreamContents.read(
                                            CLUSTER.getClientConfig(), output, EVENTS, JOB_TIMEOUT)
                                    .distinct)
                    .as("run %d: events through the pipeline", run)
                    .isEqualTo(EVENTS);
        }
        job.cancel().get();
        Jobs.awaitTermination(job, JOB_TIMEOUT);
        assertThat(result.duplicates.get()).as("run %d: duplicates", run).isZero();

        if (run % 3 == 0) {
            List<Integer> bounded = new ArrayList<>();
            TestEnvironments.environment(2, 0, 0)
                    .fromSource(
                            boundedReader(input),
                            WatermarkStrategy.noWatermarks(),
                            "pravega-bounded")
                    .executeAndCollect()
                    .forEachRemaining(bounded::add);
            assertThat(bounded).as("run %d: bounded read", run).hasSize(EVENTS);
        }
    }

    private static FlinkPravegaWriter<Integer> writer(Stream stream, PravegaWriterMode mode) {
        return FlinkPravegaWriter.<Integer>builder()
                .withPravegaConfig(CLUSTER.getPravegaConfig())
                .forStream(stream)
                .withSerializationSchema(new PravegaSerializationSchema<>(new IntegerSerializer()))
                .withEventRouter(TestEvents::routingKey)
                .withWriterMode(mode)
                .build();
    }

    private static FlinkPravegaReader<Integer> reader(Stream stream) {
        return FlinkPravegaReader.<Integer>builder()
                .withPravegaConfig(CLUSTER.getPravegaConfig())
                .forStream(stream)
                .withDeserializationSchema(TestEvents.integerSchema())
                .withReaderGroupRefreshTime(Duration.ofMillis(100))
                .build();
    }

    private static FlinkPravegaReader<Integer> boundedReader(Stream stream) {
        return FlinkPravegaReader.<Integer>builder()
                .withPravegaConfig(CLUSTER.getPravegaConfig())
                .forStream(stream)
                .withDeserializationSchema(TestEvents.integerSchema())
                .boundedToTail()
                .build();
    }

    private static int mostOfAKind(Map<String, Integer> byName) {
        return byName.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Reader groups in the test scope: the connector's generated groups live there. */
    private static int readerGroups() {
        int groups = 0;
        try (StreamManager streams = StreamManager.create(CLUSTER.getClientConfig())) {
            for (Iterator<Stream> it = streams.listStreams(CLUSTER.getScope()); it.hasNext(); ) {
                if (it.next().getStreamName().startsWith(READER_GROUP_STREAM_PREFIX)) {
                    groups++;
                }
            }
        }
        return groups;
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Jobs.waitUntil(condition, JOB_TIMEOUT);
    }
}
