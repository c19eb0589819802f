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
import io.pravega.connectors.flink.utils.ExactlyOnceValidator;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TestEvents;
import io.pravega.connectors.flink.utils.Throttle;

import org.apache.flink.FlinkVersion;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.pravega.connectors.flink.utils.Jobs.awaitTermination;
import static io.pravega.connectors.flink.utils.Jobs.cancel;
import static io.pravega.connectors.flink.utils.Jobs.waitUntil;
import static io.pravega.connectors.flink.utils.TestEvents.integerSchema;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Savepoints checked in under {@code src/test/resources/savepoints/flink-<line>/} are restored by
 * the current code and go on exactly where they stopped, as Kafka's migration tests do: the first
 * format change that breaks restoring a released savepoint fails here.
 *
 * <p>Each case recreates what the savepoint's job read on a fresh embedded Pravega: the same scope
 * and stream with the same fixed segments and the same events, so that the positions in the
 * savepoint point at the same events. The validator's state in the savepoint holds what the first
 * run saw; the restored run must see every other event once and none of those again.
 *
 * <p>To take the savepoints anew (only when a savepoint of a new Flink line or connector release is
 * added; never to "fix" this test), run it with {@code -Dsavepoints.write=true}: each case then
 * runs the first job and copies its savepoint into the source tree.
 */
class SavepointCompatibilityITCase {

    private static final boolean WRITE = Boolean.getBoolean("savepoints.write");
    private static final String SCOPE = "compat";
    private static final int EVENTS = 600;
    private static final int MORE_EVENTS = 400;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.of(1, 2);

    /**
     * The reader-group path. The savepoint was taken after the first {@value #EVENTS} events; the
     * restored job must read the {@value #MORE_EVENTS} written after them, and nothing before.
     */
    @Test
    void unboundedReadResumesAtItsReaderGroupCheckpoint(@TempDir Path temp) throws Exception {
        String name = "unbounded";
        Stream stream = createStream(name);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, EVENTS);
        if (WRITE) {
            ExactlyOnceValidator.Result first =
                    startThenSavepoint(
                            name,
                            unboundedJob(name, stream),
                            temp,
                            EVENTS + MORE_EVENTS,
                            result -> result.distinct == EVENTS);
            assertThat(first.distinct).isEqualTo(EVENTS);
        }
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, EVENTS, EVENTS + MORE_EVENTS);

        ExactlyOnceValidator.Result result =
                restore(name, unboundedJob(name, stream), EVENTS + MORE_EVENTS);
        result.assertExactlyOnce(EVENTS + MORE_EVENTS);
        assertThat(Throttle.PASSED.get())
                .as("events read after the restore")
                .isEqualTo(MORE_EVENTS);
    }

    /**
     * The segment path. The savepoint was taken in the middle of a bounded read of {@value #EVENTS}
     * events; the restored job must read the rest, to the end the first run fixed, and finish.
     */
    @Test
    void boundedReadResumesInTheMiddleOfItsSegments(@TempDir Path temp) throws Exception {
        String name = "bounded";
        Stream stream = createStream(name);
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, 0, EVENTS);
        if (WRITE) {
            ExactlyOnceValidator.Result first =
                    startThenSavepoint(
                            name,
                            boundedJob(name, stream, 1),
                            temp,
                            EVENTS,
                            result -> result.distinct >= EVENTS / 4);
            assertThat(first.distinct).as("stopped in the middle").isLessThan(EVENTS);
        }
        // Events past the end the savepoint fixed: a restored bounded read must not read them.
        TestEvents.writeIntegers(CLUSTER.getClientConfig(), stream, EVENTS, EVENTS + MORE_EVENTS);

        Job job = boundedJob(name, stream, 1);
        ExactlyOnceValidator.Result result = restore(name, job, EVENTS);
        result.assertExactlyOnce(EVENTS);
        assertThat(Throttle.PASSED.get())
                .as("events read after the restore")
                .isBetween(1, EVENTS - 1);
    }

    // -------------------------------------------------------------------------------------------------

    /** A job's graph, built anew for each run with the same uids. */
    @FunctionalInterface
    private interface Job {
        void build(StreamExecutionEnvironment env, ExactlyOnceValidator validator);
    }

    private static Job unboundedJob(String name, Stream stream) {
        FlinkPravegaReader<Integer> reader =
                FlinkPravegaReader.<Integer>builder()
                        .withPravegaConfig(CLUSTER.getPravegaConfig().withDefaultScope(SCOPE))
                        .forStream(stream)
                        .withReaderGroupName("compat-" + name)
                        .withDeserializationSchema(integerSchema())
                        .build();
        return (env, validator) ->
                env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega")
                        .uid("source")
                        .map(new Throttle<>(Integer.MAX_VALUE))
                        .uid("throttle") // counts the events read
                        .map(validator)
                        .uid("validator")
                        .setParallelism(1)
                        .sinkTo(new DiscardingSink<>());
    }

    private static Job boundedJob(String name, Stream stream, int throttle) {
        FlinkPravegaReader<Integer> reader =
                FlinkPravegaReader.<Integer>builder()
                        .withPravegaConfig(CLUSTER.getPravegaConfig().withDefaultScope(SCOPE))
                        .forStream(stream)
                        .withDeserializationSchema(integerSchema())
                        .boundedToTail()
                        .build();
        return (env, validator) ->
                env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega")
                        .uid("source")
                        .map(new Throttle<>(throttle))
                        .uid("throttle")
                        .map(validator)
                        .uid("validator")
                        .setParallelism(1)
                        .sinkTo(new DiscardingSink<>());
    }

    private static Stream createStream(String name) {
        CLUSTER.getPravega().createScope(SCOPE);
        // Fixed segments: the same ids, and so the same positions, on every fresh cluster.
        return CLUSTER.getPravega().createStream(SCOPE, name, 2);
    }

    /**
     * Runs the first job, stops it with a savepoint once {@code enough}, and copies the savepoint
     * into the tree.
     */
    private static ExactlyOnceValidator.Result startThenSavepoint(
            String name,
            Job job,
            Path temp,
            int expected,
            Predicate<ExactlyOnceValidator.Result> enough)
            throws Exception {
        StreamExecutionEnvironment env = TestEnvironments.environment(2, 200, 0);
        ExactlyOnceValidator validator = new ExactlyOnceValidator(name + "-write", expected);
        job.build(env, validator);
        JobClient client = env.executeAsync(name + "-savepoint");
        ExactlyOnceValidator.Result result = ExactlyOnceValidator.result(name + "-write");
        waitUntil(() -> enough.test(result), TIMEOUT);
        String savepoint =
                client.stopWithSavepoint(false, temp.toString(), SavepointFormatType.CANONICAL)
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        awaitTermination(client, TIMEOUT);
        Path target = savepointDirectory(name);
        copyDirectory(Paths.get(savepoint.replaceFirst("^file:", "")), target);
        return result;
    }

    /**
     * Restores the checked-in savepoint; returns once the validator has seen {@code expected}
     * events.
     */
    private static ExactlyOnceValidator.Result restore(String name, Job job, int expected)
            throws Exception {
        Path savepoint = savepointDirectory(name);
        assertThat(savepoint.resolve("_metadata"))
                .as(
                        "a savepoint of this Flink line is checked in; see the class comment to take one")
                .exists();
        StreamExecutionEnvironment env = TestEnvironments.environment(2, 200, 0);
        Configuration resume = new Configuration();
        resume.set(
                StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toAbsolutePath().toUri().toString());
        env.configure(resume);
        ExactlyOnceValidator validator = new ExactlyOnceValidator(name, expected);
        job.build(env, validator);
        Throttle.PASSED.set(0);
        JobClient client = env.executeAsync(name + "-restored");
        ExactlyOnceValidator.Result result = ExactlyOnceValidator.result(name);
        assertThat(result.allSeen.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("the restored job saw all %s events (saw %s)", expected, result.distinct)
                .isTrue();
        cancel(client, TIMEOUT);
        return result;
    }

    private static Path savepointDirectory(String name) {
        return Paths.get("src", "test", "resources", "savepoints", "flink-" + flinkLine(), name);
    }

    /** "2.3" for Flink 2.3.x: savepoints are tied to Flink's format, so each line has its own. */
    private static String flinkLine() {
        return FlinkVersion.current().toString();
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            for (Path old :
                    Files.walk(to).sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(old);
            }
        }
        Files.createDirectories(to);
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
