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
package io.pravega.connectors.flink.sink.internal;

import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.utils.FailingMapper;
import io.pravega.connectors.flink.utils.IntegerSerializer;
import io.pravega.connectors.flink.utils.LogCapture;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.StreamContents;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TestEvents;
import io.pravega.connectors.flink.utils.Throttle;

import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer hands its transactions to the committer of its own subtask attempt in a real job, and
 * the job leaves no hand-off channel behind (a static entry would pin a session job's class loader
 * when the connector sits in Flink's {@code lib/}).
 */
class TransactionHandOffITCase {

    private static final int EVENTS = 1_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern COMMITTED = Pattern.compile("Committed Pravega transaction ");
    private static final Pattern LOOKED_UP = Pattern.compile("looking it up by id");

    @RegisterExtension static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.of(1, 4);

    @Test
    void everyTransactionIsCommittedThroughItsWritersObjectAndNoChannelOutlivesTheJob()
            throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamExecutionEnvironment env = TestEnvironments.environment(2, 200, 0);
        integers(env).sinkTo(writer(stream));
        String log;
        JobID job;
        try (LogCapture capture = LogCapture.start()) {
            job = run(env, "hand-off");
            log = capture.text();
        }

        assertThat(count(COMMITTED, log)).as("transactions committed").isGreaterThanOrEqualTo(4);
        assertThat(count(LOOKED_UP, log)).as("transactions looked up by id").isZero();
        assertThat(TransactionHandOff.openChannels(job))
                .as("hand-off channels of the finished job")
                .isZero();
        StreamContents written =
                StreamContents.read(CLUSTER.getClientConfig(), stream, EVENTS, READ_TIMEOUT);
        assertThat(written.distinct).as("%s", written).isEqualTo(EVENTS);
        assertThat(written.duplicates).as("%s", written).isZero();
    }

    /**
     * Its two copies in the tasks share one key; each committer still gets its own writer's
     * objects.
     */
    @Test
    void oneSinkObjectUsedTwiceInAJobSharesTheChannelSafely() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamExecutionEnvironment env = TestEnvironments.environment(2, 200, 0);
        FlinkPravegaWriter<Integer> sink = writer(stream);
        DataStream<Integer> numbers = integers(env);
        // Named apart only so that their metrics do not collide.
        numbers.sinkTo(sink).name("first");
        numbers.map(value -> value + EVENTS).returns(Integer.class).sinkTo(sink).name("second");
        String log;
        JobID job;
        try (LogCapture capture = LogCapture.start()) {
            job = run(env, "hand-off-twice");
            log = capture.text();
        }

        assertThat(count(LOOKED_UP, log)).as("transactions looked up by id").isZero();
        assertThat(TransactionHandOff.openChannels(job))
                .as("hand-off channels of the finished job")
                .isZero();
        StreamContents written =
                StreamContents.read(CLUSTER.getClientConfig(), stream, 2 * EVENTS, READ_TIMEOUT);
        assertThat(written.distinct).as("%s", written).isEqualTo(2 * EVENTS);
        assertThat(written.duplicates).as("%s", written).isZero();
    }

    /**
     * The failed attempt's channels close with its tasks; the restored committables are looked up.
     */
    @Test
    void aRestartLeavesNoChannelOfTheFailedAttemptAndLosesNothing() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamExecutionEnvironment env = TestEnvironments.environment(2, 300, 3);
        integers(env)
                .map(new FailingMapper<>("hand-off-restart", 300, true))
                .sinkTo(writer(stream));

        JobID job = run(env, "hand-off-restart");

        assertThat(FailingMapper.hasFailed("hand-off-restart"))
                .as("the failure was injected")
                .isTrue();
        assertThat(TransactionHandOff.openChannels(job))
                .as("hand-off channels of the finished job")
                .isZero();
        StreamContents written =
                StreamContents.read(CLUSTER.getClientConfig(), stream, EVENTS, READ_TIMEOUT);
        assertThat(written.distinct).as("%s", written).isEqualTo(EVENTS);
        assertThat(written.duplicates).as("%s", written).isZero();
    }

    private static JobID run(StreamExecutionEnvironment env, String name) throws Exception {
        JobClient client = env.executeAsync(name);
        client.getJobExecutionResult().get();
        return client.getJobID();
    }

    private static DataStream<Integer> integers(StreamExecutionEnvironment env) {
        return env.fromSequence(0, EVENTS - 1)
                .map(Long::intValue)
                .returns(Integer.class)
                .map(new Throttle<>(2));
    }

    private static FlinkPravegaWriter<Integer> writer(Stream stream) {
        return FlinkPravegaWriter.<Integer>builder()
                .withPravegaConfig(CLUSTER.getPravegaConfig())
                .forStream(stream)
                .withSerializationSchema(new PravegaSerializationSchema<>(new IntegerSerializer()))
                .withEventRouter(TestEvents::routingKey)
                .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                .build();
    }

    private static int count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
