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
package io.pravega.connectors.flink.e2e;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs the end-to-end tests run on a session, each submitted the way users submit it: the
 * example job jar through the REST API (as {@code flink run} and the web UI do), and SQL from a
 * client JVM that adds the SQL connector jar (as the SQL client does with {@code ADD JAR} or {@code
 * --jar}), or that relies on the jar being in Flink's lib/.
 */
final class SessionJobs {

    static final int EVENTS = 200;
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final String JOBS = "io.pravega.connectors.flink.examples.job.";

    private final FlinkSessionCluster session;
    private final URI controller;
    private final String scope;
    private final PravegaStreams streams;

    /** The SQL connector jar. */
    private final Path sqlJar;

    /** Whether the session has the SQL connector jar in its lib/: then jobs do not ship it. */
    private final boolean connectorInLib;

    private String jobJarId;
    private int jobs;

    SessionJobs(
            FlinkSessionCluster session,
            URI controller,
            String scope,
            PravegaStreams streams,
            Path sqlJar,
            boolean connectorInLib) {
        this.session = session;
        this.controller = controller;
        this.scope = scope;
        this.streams = streams;
        this.sqlJar = sqlJar;
        this.connectorInLib = connectorInLib;
    }

    int jobsRun() {
        return jobs;
    }

    void uploadJobJar(Path jar) throws Exception {
        jobJarId = session.rest().uploadJar(jar);
    }

    /** GenerateJob: writes "event-1" to "event-N" into a new stream, and finishes. */
    void generate(String stream) throws Exception {
        String job =
                run(
                        "GenerateJob",
                        Map.of(),
                        "--stream",
                        stream,
                        "--events",
                        String.valueOf(EVENTS));
        session.rest().awaitState(job, JOB_TIMEOUT, "FINISHED");
    }

    /**
     * CopyJob with --bounded: copies the input up to its tail, upper-cased, exactly once, and
     * finishes.
     */
    void copyBounded(String input, String output) throws Exception {
        String job = run("CopyJob", Map.of(), "--input", input, "--output", output, "--bounded");
        session.rest().awaitState(job, JOB_TIMEOUT, "FINISHED");
        assertExactlyOnce(output);
    }

    /** CopyJob unbounded: once every event has arrived, exactly once, the job is cancelled. */
    void copyThenCancel(String input, String output) throws Exception {
        String job =
                run(
                        "CopyJob",
                        Map.of(),
                        "--input",
                        input,
                        "--output",
                        output,
                        "--checkpoint-interval",
                        "500");
        awaitAllEvents(output, job);
        System.out.printf(
                "while a CopyJob runs: taskmanager direct memory %.1f MiB%n",
                session.taskManager().directMemoryUsed() / 1048576.0);
        session.rest().cancel(job);
        session.rest().awaitState(job, JOB_TIMEOUT, "CANCELED");
        assertExactlyOnce(output);
    }

    /**
     * CopyJob without restarts, whose output stream is sealed once every event arrived: with more
     * input, the writer cannot begin its next transaction, and the job fails.
     */
    void copyThenFail(String input, String output) throws Exception {
        String job =
                run(
                        "CopyJob",
                        Map.of("restart-strategy.type", "none"),
                        "--input",
                        input,
                        "--output",
                        output,
                        "--checkpoint-interval",
                        "500");
        awaitAllEvents(output, job);
        streams.seal(scope, output);
        streams.write(scope, input, List.of("after-the-seal"));
        session.rest().awaitState(job, JOB_TIMEOUT, "FAILED");
        assertThat(session.rest().rootException(job))
                .as("the job's failure")
                .contains("stream '" + scope + "/" + output + "'", "was sealed");
        assertExactlyOnce(output);
    }

    /**
     * SQL, streaming and exactly-once: INSERT INTO a new stream; cancelled once every event
     * arrived.
     */
    void sqlCopyThenCancel(String input, String output) throws Exception {
        TableEnvironment tEnv = sqlClient(true);
        tEnv.executeSql(
                "CREATE TABLE src (line STRING) WITH ("
                        + tableOptions()
                        + ", 'scan.streams' = '"
                        + input
                        + "')");
        tEnv.executeSql(
                "CREATE TABLE snk (line STRING) WITH ("
                        + tableOptions()
                        + ", 'sink.stream' = '"
                        + output
                        + "', 'sink.semantic' = 'exactly-once', "
                        + "'sink.create-stream.enabled' = 'true')");
        TableResult insert = tEnv.executeSql("INSERT INTO snk SELECT UPPER(line) FROM src");
        String job = insert.getJobClient().orElseThrow().getJobID().toHexString();
        jobs++;
        awaitAllEvents(output, job);
        session.rest().cancel(job);
        session.rest().awaitState(job, JOB_TIMEOUT, "CANCELED");
        assertExactlyOnce(output);
    }

    /** SQL in batch mode: counts the events of a stream, reading it segment by segment. */
    void sqlCount(String stream) throws Exception {
        TableEnvironment tEnv = sqlClient(false);
        tEnv.executeSql(
                "CREATE TABLE t (line STRING) WITH ("
                        + tableOptions()
                        + ", 'scan.streams' = '"
                        + stream
                        + "', 'scan.execution.type' = 'batch')");
        TableResult count = tEnv.executeSql("SELECT COUNT(*) FROM t");
        String job = count.getJobClient().orElseThrow().getJobID().toHexString();
        jobs++;
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = count.collect()) {
            iterator.forEachRemaining(rows::add);
        }
        assertThat(rows).containsExactly(Row.of((long) EVENTS));
        session.rest().awaitState(job, JOB_TIMEOUT, "FINISHED");
    }

    private String tableOptions() {
        return "'connector' = 'pravega', 'controller-uri' = '"
                + controller
                + "', 'scope' = '"
                + scope
                + "', 'format' = 'raw'";
    }

    /**
     * A table environment as the SQL client has one: remote, and with the connector jar added,
     * which ships it with every job; or, when Flink's lib/ has it, with the jar only on the
     * client's class path, as the SQL client started from that Flink has it.
     */
    TableEnvironment sqlClient(boolean streaming) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("execution.target", "remote");
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("rest.port", String.valueOf(session.restPort()));
        conf.setString("execution.checkpointing.interval", "500ms");
        EnvironmentSettings.Builder settings =
                EnvironmentSettings.newInstance().withConfiguration(conf);
        if (connectorInLib) {
            settings.withClassLoader(
                    new URLClassLoader(
                            new URL[] {sqlJar.toUri().toURL()},
                            SessionJobs.class.getClassLoader()));
        }
        TableEnvironment tEnv =
                TableEnvironment.create(
                        (streaming ? settings.inStreamingMode() : settings.inBatchMode()).build());
        if (!connectorInLib) {
            tEnv.executeSql("ADD JAR '" + sqlJar + "'");
        }
        return tEnv;
    }

    /**
     * Submits a main class of the job jar with exactly these arguments, as {@code flink run} does.
     */
    String runAsWritten(String mainClass, List<String> args) throws Exception {
        String job = session.rest().runJar(jobJarId, mainClass, args, Map.of());
        jobs++;
        return job;
    }

    private String run(String jobClass, Map<String, String> config, String... args)
            throws Exception {
        List<String> arguments =
                new ArrayList<>(List.of("--controller", controller.toString(), "--scope", scope));
        arguments.addAll(List.of(args));
        String job = session.rest().runJar(jobJarId, JOBS + jobClass, arguments, config);
        jobs++;
        return job;
    }

    private void awaitAllEvents(String output, String job) throws Exception {
        awaitCondition(
                () -> streams.read(scope, output).size() >= EVENTS,
                job,
                "all " + EVENTS + " events in '" + output + "'");
    }

    void awaitCondition(Supplier<Boolean> condition, String job, String what) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (!condition.get()) {
            String state = session.rest().state(job);
            if (FlinkRest.TERMINAL.contains(state)) {
                throw new AssertionError(
                        "Job "
                                + job
                                + " ended "
                                + state
                                + " before "
                                + what
                                + ":\n"
                                + session.rest().rootException(job));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "No "
                                + what
                                + " within "
                                + JOB_TIMEOUT.toSeconds()
                                + " s; job "
                                + job
                                + " is "
                                + state);
            }
            Thread.sleep(200);
        }
    }

    /** Every upper-cased generated event exactly once: nothing lost, nothing duplicated. */
    private void assertExactlyOnce(String output) {
        Map<String, Long> counts = PravegaStreams.counts(streams.read(scope, output));
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (int i = 1; i <= EVENTS; i++) {
            long count = counts.getOrDefault("EVENT-" + i, 0L);
            if (count == 0) {
                missing.add("EVENT-" + i);
            } else if (count > 1) {
                duplicated.add("EVENT-" + i);
            }
        }
        assertThat(missing).as("events missing from '%s'", output).isEmpty();
        assertThat(duplicated).as("events duplicated in '%s'", output).isEmpty();
        assertThat(counts.keySet()).as("events of '%s'", output).hasSize(EVENTS);
    }
}
