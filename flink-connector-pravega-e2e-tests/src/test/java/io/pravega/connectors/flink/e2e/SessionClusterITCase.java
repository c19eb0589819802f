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

import io.pravega.connectors.flink.testing.EmbeddedPravega;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs on a real Flink session, submitted as users submit them, so that each job loads the
 * connector in a class loader of its own that Flink releases when the job ends. Before the
 * connector owned its client threads and kept gRPC's natives unloaded, every such job leaked its
 * class loader and about 19 MB of direct memory, the 15th job failed, and cancelled jobs kept their
 * reader groups.
 *
 * <p>After a warm-up round sets the baseline, the jobs run in rounds: DataStream jobs from the
 * example job jar (finished, cancelled and failed) and SQL jobs (streaming exactly-once, then
 * cancelled; batch, finished). Every job's output is checked exactly once. Then, in both the
 * JobManager and the TaskManager, no job class loader may be left after a GC, direct memory,
 * metaspace and threads must be back near the baseline, no client thread may be left, and the logs
 * may hold no class-loading failure or uncaught exception; and no reader group is left.
 */
class SessionClusterITCase {

    private static final String SCOPE = "e2e";
    private static final List<String> USER_CODE_CLASS_LOADERS =
            List.of(
                    "org.apache.flink.util.ChildFirstClassLoader",
                    "org.apache.flink.util.FlinkUserCodeClassLoaders$ParentFirstClassLoader");
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * After batch SQL jobs that use the connector, the TaskManager keeps the class loaders of up to
     * two such jobs: four in a row left two, and so did twenty. Nothing in a heap dump reaches them
     * from a GC root, so a reference inside the JVM holds them (not the JIT's type profiles:
     * C1-only runs keep them too). It does not grow with the number of jobs; a leak per job does.
     */
    private static final int RETAINED_CLASS_LOADERS = 2;

    /**
     * Flink's own pools come and go; a leak repeats per job, and each kind of job runs at least 4
     * times.
     */
    private static final int THREAD_TOLERANCE = 6;

    private static final long DIRECT_MEMORY_TOLERANCE = 16L << 20;

    /**
     * A coarse guard only: metaspace after a GC varies by tens of MiB with when classes are
     * unloaded, and early jobs load Flink classes that later jobs reuse. A job whose class loader
     * leaked kept about 12 MiB; the class loader count is the precise check.
     */
    private static final long METASPACE_TOLERANCE = 64L << 20;

    /** Threads of the connector and of the Pravega client's libraries. */
    private static final Pattern CLIENT_THREAD =
            Pattern.compile(
                    "pravega-.*|grpc-.*|ClientSocketReaders.*|globalEventExecutor.*|WatermarkReader.*|clientInternal.*");

    /**
     * Log lines that mean a job's classes were used after its class loader was closed, or that a
     * thread died of an exception. (Flink logs one NoClassDefFoundError at INFO when it starts,
     * probing for Hadoop.)
     */
    private static final Pattern BAD_LOG_LINE =
            Pattern.compile(
                    ".*(( WARN | ERROR ).*(NoClassDefFoundError|ClassNotFoundException|closed classloader|[Uu]ncaught)"
                            + "|Caused by: java.lang.(NoClassDefFoundError|ClassNotFoundException)"
                            + "|Exception in thread).*");

    /** The SQL client's SET statement, which the Table API's executeSql does not take. */
    private static final Pattern SQL_CLIENT_SET =
            Pattern.compile("SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");

    private static EmbeddedPravega pravega;
    private static PravegaStreams streams;

    @BeforeAll
    static void startPravega() {
        pravega = EmbeddedPravega.start();
        streams = new PravegaStreams(pravega.getClientConfig());
    }

    @AfterAll
    static void stopPravega() {
        if (pravega != null) {
            pravega.close();
        }
    }

    @Test
    void jobsThatBringTheConnectorInTheirJarsLeaveNothingBehind() throws Exception {
        Path home = sessionHome("connector-in-job-jars");
        try (FlinkSessionCluster session =
                FlinkSessionCluster.start(home, path("flinkLib"), List.of(), Map.of())) {
            String scope = SCOPE + "-jobs";
            SessionJobs jobs =
                    new SessionJobs(
                            session,
                            pravega.getControllerURI(),
                            scope,
                            streams,
                            path("sqlConnectorJar"),
                            false);
            jobs.uploadJobJar(path("exampleJobJar"));

            runRound(jobs, 0);
            Baseline baseline = Baseline.take(session);
            for (int round = 1; round <= 3; round++) {
                runRound(jobs, round);
                report(session, "after round " + round + " (" + jobs.jobsRun() + " jobs)");
            }
            jobs.copyThenFail("in-1", "fail-1");

            // A leaking connector failed at the 15th job.
            assertThat(jobs.jobsRun()).as("jobs run").isGreaterThan(15);
            assertNothingLeftBehind(session, baseline, scope);
        }
    }

    @Test
    void jobsOfAConnectorInFlinksLibLeaveNothingBehind() throws Exception {
        Path home = sessionHome("connector-in-lib");
        try (FlinkSessionCluster session =
                FlinkSessionCluster.start(
                        home, path("flinkLib"), List.of(path("sqlConnectorJar")), Map.of())) {
            String scope = SCOPE + "-lib";
            SessionJobs jobs =
                    new SessionJobs(
                            session,
                            pravega.getControllerURI(),
                            scope,
                            streams,
                            path("sqlConnectorJar"),
                            true);
            jobs.uploadJobJar(path("exampleJobJar"));
            jobs.generate("in");

            jobs.sqlCopyThenCancel("in", "sql-0");
            jobs.sqlCount("sql-0");
            Baseline baseline = Baseline.take(session);
            for (int round = 1; round <= 3; round++) {
                jobs.sqlCopyThenCancel("in", "sql-" + round);
                jobs.sqlCount("sql-" + round);
            }
            report(session, "after " + jobs.jobsRun() + " jobs");
            assertNothingLeftBehind(session, baseline, scope);
        }
    }

    /**
     * The deployment guide, followed as written: its {@code flink run} commands (submitted as
     * {@code flink run} submits them) and its SQL (as the SQL client runs it, with the SQL jar).
     */
    @Test
    void theDeploymentGuideWorksAsWritten() throws Exception {
        DeploymentGuide guide =
                DeploymentGuide.read(
                        path("docsDir").resolve("deployment.md"),
                        pravega.getControllerURI().toString());
        List<DeploymentGuide.FlinkRun> runs = guide.flinkRuns();
        assertThat(runs)
                .extracting(run -> run.mainClass)
                .containsExactly(
                        "io.pravega.connectors.flink.examples.job.GenerateJob",
                        "io.pravega.connectors.flink.examples.job.CopyJob");
        DeploymentGuide.FlinkRun generate = runs.get(0);
        DeploymentGuide.FlinkRun copy = runs.get(1);
        String scope = generate.arg("scope");
        int events = Integer.parseInt(generate.arg("events"));

        Path home = sessionHome("deployment-guide");
        try (FlinkSessionCluster session =
                FlinkSessionCluster.start(home, path("flinkLib"), List.of(), Map.of())) {
            SessionJobs jobs =
                    new SessionJobs(
                            session,
                            pravega.getControllerURI(),
                            scope,
                            streams,
                            path("sqlConnectorJar"),
                            false);
            jobs.uploadJobJar(path("exampleJobJar"));
            String generated = jobs.runAsWritten(generate.mainClass, generate.args);
            session.rest().awaitState(generated, SessionJobs.JOB_TIMEOUT, "FINISHED");
            assertThat(streams.read(scope, generate.arg("stream"))).hasSize(events);

            assertThat(copy.detached).as("CopyJob runs until cancelled: flink run -d").isTrue();
            String copying = jobs.runAsWritten(copy.mainClass, copy.args);
            jobs.awaitCondition(
                    () -> streams.read(scope, copy.arg("output")).size() >= events,
                    copying,
                    events + " events in '" + copy.arg("output") + "'");

            TableEnvironment sqlClient = jobs.sqlClient(true);
            String insertJob = null;
            for (String statement : guide.sqlStatements()) {
                Matcher set = SQL_CLIENT_SET.matcher(statement);
                if (set.matches()) {
                    sqlClient.getConfig().set(set.group(1), set.group(2)); // as the SQL client does
                    continue;
                }
                TableResult result = sqlClient.executeSql(statement);
                if (statement.startsWith("SELECT")) {
                    List<Row> rows = new ArrayList<>();
                    try (CloseableIterator<Row> iterator = result.collect()) {
                        iterator.forEachRemaining(rows::add);
                    }
                    assertThat(rows).as("result of %s", statement).isNotEmpty();
                    assertThat(rows.get(rows.size() - 1).getField(0))
                            .as("final result of %s", statement)
                            .isEqualTo((long) events);
                } else if (statement.startsWith("INSERT")) {
                    insertJob = result.getJobClient().orElseThrow().getJobID().toHexString();
                }
            }
            assertThat(insertJob).as("the guide's INSERT").isNotNull();
            String job = insertJob;
            jobs.awaitCondition(
                    () -> streams.read(scope, "excited").size() >= events,
                    job,
                    "the SQL pipeline's output");
            Map<String, Long> excited = PravegaStreams.counts(streams.read(scope, "excited"));
            assertThat(excited)
                    .as("every event once, with '!'")
                    .hasSize(events)
                    .allSatisfy(
                            (event, count) -> {
                                assertThat(event).startsWith("event-").endsWith("!");
                                assertThat(count).isOne();
                            });

            for (String running : List.of(job, copying)) {
                session.rest().cancel(running);
                session.rest().awaitState(running, SessionJobs.JOB_TIMEOUT, "CANCELED");
            }
            assertReaderGroupsDeleted(scope);
        }
    }

    /** Five jobs: generate, copy bounded, copy cancelled, SQL copy cancelled, SQL count. */
    private static void runRound(SessionJobs jobs, int round) throws Exception {
        String input = "in-" + round;
        jobs.generate(input);
        jobs.copyBounded(input, "copy-" + round);
        jobs.copyThenCancel(input, "follow-" + round);
        jobs.sqlCopyThenCancel(input, "sql-" + round);
        jobs.sqlCount("sql-" + round);
    }

    private static void assertNothingLeftBehind(
            FlinkSessionCluster session, Baseline baseline, String scope) throws Exception {
        assertReaderGroupsDeleted(scope);
        for (JvmProbe process : List.of(session.jobManager(), session.taskManager())) {
            assertNoJobClassLoaderLeft(process);
            Usage before = baseline.of(process);
            Usage after =
                    Usage.settled(
                            process,
                            new Usage(
                                    before.directMemory + DIRECT_MEMORY_TOLERANCE,
                                    before.metaspace + METASPACE_TOLERANCE,
                                    before.threads + THREAD_TOLERANCE));
            System.out.printf("%s: baseline %s, after %s%n", process.name(), before, after);
            assertThat(after.directMemory)
                    .as("%s direct memory (baseline %s)", process.name(), before)
                    .isLessThanOrEqualTo(before.directMemory + DIRECT_MEMORY_TOLERANCE);
            assertThat(after.metaspace)
                    .as("%s metaspace (baseline %s)", process.name(), before)
                    .isLessThanOrEqualTo(before.metaspace + METASPACE_TOLERANCE);
            assertThat(after.threads)
                    .as(
                            "%s threads (baseline %s): %s",
                            process.name(), before, process.threadNames())
                    .isLessThanOrEqualTo(before.threads + THREAD_TOLERANCE);
            assertThat(process.threadNames())
                    .as("%s: threads of Pravega clients", process.name())
                    .noneMatch(name -> CLIENT_THREAD.matcher(name).matches());
            assertThat(process.logLines(line -> BAD_LOG_LINE.matcher(line).matches()))
                    .as(
                            "%s log (%s): class-loading failures and uncaught exceptions",
                            process.name(), process.logFile())
                    .isEmpty();
        }
    }

    /** The enumerator deletes a generated group when it closes, which Flink does not wait for. */
    private static void assertReaderGroupsDeleted(String scope) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> groups = streams.readerGroups(scope);
        while (!groups.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            groups = streams.readerGroups(scope);
        }
        assertThat(groups).as("reader groups left in scope '%s'", scope).isEmpty();
    }

    /**
     * Released job class loaders are collected: at most {@link #RETAINED_CLASS_LOADERS} are left,
     * however many jobs ran. A job's loader is released a moment after the job ends.
     */
    private static void assertNoJobClassLoaderLeft(JvmProbe process) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long live = liveClassLoaders(process);
        while (live > RETAINED_CLASS_LOADERS && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            live = liveClassLoaders(process);
        }
        if (live > RETAINED_CLASS_LOADERS) {
            Path dump = process.logFile().resolveSibling(process.name() + "-leak.hprof");
            process.dumpHeap(dump);
            Files.writeString(
                    process.logFile().resolveSibling(process.name() + "-leak-threads.txt"),
                    process.threadDump());
            assertThat(live)
                    .as(
                            "job class loaders alive in the %s after GC (heap dump: %s):%n%s",
                            process.name(), dump, process.classLoaders())
                    .isLessThanOrEqualTo(RETAINED_CLASS_LOADERS);
        }
    }

    private static long liveClassLoaders(JvmProbe process) throws IOException {
        process.gc();
        long live = 0;
        for (String loader : USER_CODE_CLASS_LOADERS) {
            live += process.liveInstances(loader);
        }
        return live;
    }

    private static void report(FlinkSessionCluster session, String when) throws IOException {
        for (JvmProbe process : List.of(session.jobManager(), session.taskManager())) {
            process.gc();
            System.out.printf(
                    "%s %s: %s, job class loaders %d%n",
                    process.name(), when, Usage.of(process), liveClassLoaders(process));
        }
    }

    private static Path sessionHome(String name) throws IOException {
        Path home = path("sessionsDir").resolve(name + "-" + System.currentTimeMillis());
        Files.createDirectories(home);
        return home;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        assertThat(value)
                .as("system property %s (set by Failsafe: run with 'mvn verify')", property)
                .isNotNull();
        return Path.of(value);
    }

    /** Direct memory, metaspace and threads of one process. */
    private static final class Usage {
        final long directMemory;
        final long metaspace;
        final int threads;

        Usage(long directMemory, long metaspace, int threads) {
            this.directMemory = directMemory;
            this.metaspace = metaspace;
            this.threads = threads;
        }

        static Usage of(JvmProbe process) throws IOException {
            return new Usage(
                    process.directMemoryUsed(),
                    process.metaspaceUsed(),
                    process.threadNames().size());
        }

        /**
         * After GCs, waiting (bounded) until the usage is within {@code limit} and no Pravega
         * client thread is left: what is released late (pools that wind down when idle, the last
         * job's coordinator closing) gets its time, and a run that is done does not wait.
         */
        static Usage settled(JvmProbe process, Usage limit) throws Exception {
            long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
            Usage usage;
            do {
                process.gc();
                usage = of(process);
                if (usage.directMemory <= limit.directMemory
                        && usage.threads <= limit.threads
                        && usage.metaspace <= limit.metaspace
                        && process.threadNames().stream()
                                .noneMatch(name -> CLIENT_THREAD.matcher(name).matches())) {
                    break;
                }
                Thread.sleep(1_000);
            } while (System.nanoTime() < deadline);
            return usage;
        }

        @Override
        public String toString() {
            return String.format(
                    "direct %.1f MiB, metaspace %.1f MiB, %d threads",
                    directMemory / 1048576.0, metaspace / 1048576.0, threads);
        }
    }

    /** Usage after the warm-up, once the job class loaders of the warm-up are gone. */
    private static final class Baseline {
        private final Usage jobManager;
        private final Usage taskManager;

        private Baseline(Usage jobManager, Usage taskManager) {
            this.jobManager = jobManager;
            this.taskManager = taskManager;
        }

        static Baseline take(FlinkSessionCluster session) throws Exception {
            assertNoJobClassLoaderLeft(session.jobManager());
            assertNoJobClassLoaderLeft(session.taskManager());
            Thread.sleep(2_000);
            session.jobManager().gc();
            session.taskManager().gc();
            Baseline baseline =
                    new Baseline(Usage.of(session.jobManager()), Usage.of(session.taskManager()));
            System.out.printf(
                    "baseline: jobmanager %s; taskmanager %s%n",
                    baseline.jobManager, baseline.taskManager);
            return baseline;
        }

        Usage of(JvmProbe process) {
            return process.name().equals("jobmanager") ? jobManager : taskManager;
        }
    }
}
