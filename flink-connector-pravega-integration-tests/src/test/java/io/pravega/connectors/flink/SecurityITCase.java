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

import io.pravega.client.admin.StreamInfo;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.testing.PravegaExtension;
import io.pravega.connectors.flink.utils.ExactlyOnceValidator;
import io.pravega.connectors.flink.utils.IntegerSerializer;
import io.pravega.connectors.flink.utils.Jobs;
import io.pravega.connectors.flink.utils.LogCapture;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TestEvents;
import io.pravega.shared.security.auth.Credentials;
import io.pravega.shared.security.auth.DefaultCredentials;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ExceptionUtils;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.annotation.Nullable;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * TLS and authentication end to end, on an embedded Pravega with both: Flink jobs whose credentials
 * and trust store come only from {@link PravegaConfig}; wrong credentials and plaintext fail at job
 * start with messages that say what to fix; hostname validation can be turned off; and no secret
 * shows up in logs, {@code toString()}, metrics or exception messages.
 */
class SecurityITCase {

    private static final String USER = "flink-user";
    private static final String PASSWORD = "Pw-s3cret-4f9c1b";
    private static final String WRONG_PASSWORD = "Pw-wrong-8e27d5";
    private static final int EVENTS = 1_000;

    /** A failing job start must end within this; the connector's own controller timeout is 60 s. */
    private static final Duration NO_HANG = Duration.ofSeconds(90);

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    /**
     * How the connector says that the controller never answered: a recognized failure must not look
     * like this.
     */
    private static final String TIMED_OUT = "No answer from the Pravega controller";

    @RegisterExtension
    static final PravegaFlinkCluster CLUSTER =
            PravegaFlinkCluster.withMetrics(
                    EmbeddedPravega.builder().withTls().withAuth(USER, PASSWORD), 1, 4);

    @BeforeAll
    static void onlyPravegaConfigCarriesCredentials() {
        // The embedded cluster publishes its credentials as JVM-wide client defaults (system
        // properties) for its own clients. Without them, only what a PravegaConfig carries can
        // authenticate; the cluster's clients were built at its start and keep working.
        for (String property :
                new String[] {
                    "pravega.client.auth.method",
                    "pravega.client.auth.token",
                    "pravega.client.auth.loadDynamic"
                }) {
            System.clearProperty(property);
        }
    }

    /** Controller, scope, credentials, trust store and hostname validation, set only here. */
    private static PravegaConfig config(URI controller, @Nullable Credentials credentials) {
        return PravegaConfig.fromDefaults()
                .withControllerURI(controller)
                .withDefaultScope(CLUSTER.getScope())
                .withCredentials(credentials)
                .withTrustStore(CLUSTER.getPravega().getCertificateFile().toString())
                .withHostnameValidation(true);
    }

    private static PravegaConfig config(@Nullable Credentials credentials) {
        return config(CLUSTER.getControllerURI(), credentials);
    }

    private static Credentials rightCredentials() {
        return new DefaultCredentials(PASSWORD, USER);
    }

    @Test
    void exactlyOnceWriterAndReaderWorkWithCredentialsAndTrustStoreFromPravegaConfig()
            throws Exception {
        assertThat(System.getProperty("pravega.client.auth.method"))
                .as("JVM-wide Pravega credentials")
                .isNull();
        PravegaConfig config = config(rightCredentials());
        Stream stream = CLUSTER.createStream(2);

        write(config, stream, EVENTS, PravegaWriterMode.EXACTLY_ONCE);
        readEveryEventOnceThenCancel(config, stream, "secure-read", EVENTS);
    }

    @Test
    void wrongOrMissingCredentialsFailTheJobAtStartSayingWhatToFix() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        PravegaConfig wrongPassword = config(new DefaultCredentials(WRONG_PASSWORD, USER));

        // The writer's first call to Pravega runs in its task, the reader's in its enumerator.
        String writerFailure =
                failureOf(() -> write(wrongPassword, stream, 10, PravegaWriterMode.ATLEAST_ONCE));
        String readerFailure =
                failureOf(
                        () ->
                                readEveryEventOnceThenCancel(
                                        wrongPassword, stream, "denied-read", 1));
        for (String failure : List.of(writerFailure, readerFailure)) {
            assertThat(failure)
                    .contains(
                            "The Pravega controller "
                                    + CLUSTER.getControllerURI()
                                    + " rejected the credentials "
                                    + "(authentication type Basic)")
                    .contains("the user name or password is wrong")
                    .contains("Fix the credentials given to PravegaConfig.withCredentials(...)")
                    .doesNotContain(TIMED_OUT);
            assertNoSecret(failure);
        }

        String missing =
                failureOf(() -> write(config(null), stream, 10, PravegaWriterMode.ATLEAST_ONCE));
        assertThat(missing)
                .contains("requires authentication, but no credentials are set")
                .contains("PravegaConfig.withCredentials(new DefaultCredentials(password, user))");
    }

    @Test
    void plaintextAgainstTheTlsControllerFailsAtStartSuggestingTlsAndATrustStore() {
        int port = CLUSTER.getControllerURI().getPort();
        PravegaConfig plaintext =
                PravegaConfig.fromDefaults()
                        .withControllerURI(URI.create("tcp://localhost:" + port))
                        .withDefaultScope(CLUSTER.getScope())
                        .withCredentials(rightCredentials());
        Stream stream = CLUSTER.createStream(1);

        String failure =
                failureOf(() -> write(plaintext, stream, 10, PravegaWriterMode.ATLEAST_ONCE));
        assertThat(failure)
                .contains(
                        "The controller at localhost:"
                                + port
                                + " expects TLS, but the controller URI asks for plaintext")
                .contains("Use tls://localhost:" + port)
                .contains("PravegaConfig.withTrustStore(...)")
                .doesNotContain(TIMED_OUT);
        assertNoSecret(failure);
    }

    @Test
    void tlsWithoutTheTrustStoreFailsAtStartSayingTheCertificateIsNotTrusted() {
        PravegaConfig noTrustStore =
                PravegaConfig.fromDefaults()
                        .withControllerURI(CLUSTER.getControllerURI())
                        .withDefaultScope(CLUSTER.getScope())
                        .withCredentials(rightCredentials());
        Stream stream = CLUSTER.createStream(1);

        String failure =
                failureOf(
                        () ->
                                readEveryEventOnceThenCancel(
                                        noTrustStore, stream, "untrusted-read", 1));
        assertThat(failure)
                .contains(
                        "presents a TLS certificate that is not trusted by the JVM's default trust store")
                .contains("PravegaConfig.withTrustStore(...)")
                .doesNotContain(TIMED_OUT);
    }

    @Test
    void secretsNeverAppearInLogsToStringMetricsOrExceptionMessages() throws Exception {
        String logged;
        String failure;
        Stream stream = CLUSTER.createStream(2);
        PravegaConfig config = config(rightCredentials());
        try (LogCapture logs = LogCapture.start()) {
            FlinkPravegaWriter<Integer> writer =
                    writer(config, stream, PravegaWriterMode.EXACTLY_ONCE);
            FlinkPravegaReader<Integer> reader = reader(config, stream);
            assertNoSecret(config.toString());
            assertNoSecret(config.getClientConfig().toString());
            assertNoSecret(writer.toString());
            assertNoSecret(reader.toString());

            write(config, stream, 200, PravegaWriterMode.EXACTLY_ONCE);
            readEveryEventOnceThenCancel(config, stream, "secret-check", 200);
            failure =
                    failureOf(
                            () ->
                                    write(
                                            config(new DefaultCredentials(WRONG_PASSWORD, USER)),
                                            stream,
                                            10,
                                            PravegaWriterMode.ATLEAST_ONCE));
            logged = logs.text();
        }

        // The capture saw the jobs: the client handling the credentials (at INFO and DEBUG), the
        // connector, and the failure.
        assertThat(logged)
                .contains(
                        "Client credentials were extracted using the explicitly supplied credentials object")
                .contains("Setting up a SSL/TLS channel builder")
                .containsPattern("Pravega reader group \\S+ ready for")
                .contains("rejected the credentials");
        assertNoSecret(logged);
        assertNoSecret(failure);
        assertNoSecret(allMetrics());
    }

    /** Every metric's identifier, scope variables and value, for all jobs of this class. */
    private static String allMetrics() {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                CLUSTER.metrics().getMetricsByGroup().entrySet()) {
            all.append(group.getKey().getAllVariables()).append('\n');
            for (Map.Entry<String, Metric> metric : group.getValue().entrySet()) {
                all.append(group.getKey().getMetricIdentifier(metric.getKey())).append('=');
                if (metric.getValue() instanceof Gauge) {
                    try {
                        all.append(((Gauge<?>) metric.getValue()).getValue());
                    } catch (RuntimeException e) {
                        all.append(e); // a gauge of a finished job
                    }
                }
                all.append('\n');
            }
        }
        assertThat(all)
                .as("metrics were reported")
                .contains("numRecordsIn")
                .contains("unreadBytes");
        return all.toString();
    }

    private static void assertNoSecret(String text) {
        Base64.Encoder base64 = Base64.getEncoder();
        assertThat(text)
                .doesNotContain(PASSWORD)
                .doesNotContain(WRONG_PASSWORD)
                // The basic-auth token that travels to Pravega.
                .doesNotContain(
                        base64.encodeToString(
                                (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(
                        base64.encodeToString(
                                (USER + ":" + WRONG_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The certificate of this cluster names only {@code localhost}: the controller, reached as
     * localhost, passes every check, but the segment store, which the controller hands out under
     * this machine's name, passes only with hostname validation off.
     */
    @Nested
    class HostnameValidation {

        /**
         * A second Pravega, by need: its certificate differs from the outer cluster's. It lives for
         * the one test here; the jobs run on the outer class's MiniCluster.
         */
        @RegisterExtension
        final PravegaExtension localhostOnly =
                new PravegaExtension(EmbeddedPravega.builder().withTlsForLocalhostOnly());

        private PravegaConfig config(boolean validateHostname) {
            return PravegaConfig.fromDefaults()
                    .withControllerURI(localhostOnly.getControllerURI())
                    .withDefaultScope(localhostOnly.getScope())
                    .withTrustStore(localhostOnly.getPravega().getCertificateFile().toString())
                    .withHostnameValidation(validateHostname);
        }

        @Test
        void canBeTurnedOffExplicitly() throws Exception {
            assertThat(PravegaConfig.fromDefaults().getClientConfig().isValidateHostName())
                    .as("default")
                    .isTrue();
            PravegaConfig on = config(true);
            PravegaConfig off = config(false);
            assertThat(off.getClientConfig().isValidateHostName()).isFalse();
            Stream stream = localhostOnly.createStream(2);

            // Off: a writer job and a bounded reader job move every event through the segment
            // store.
            write(off, stream, EVENTS, PravegaWriterMode.ATLEAST_ONCE);
            FlinkPravegaReader<Integer> reader =
                    FlinkPravegaReader.<Integer>builder()
                            .withPravegaConfig(off)
                            .forStream(stream)
                            .withDeserializationSchema(TestEvents.integerSchema())
                            .boundedToTail()
                            .build();
            List<Integer> read = new ArrayList<>();
            TestEnvironments.environment(2, 0, 0)
                    .fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega")
                    .executeAndCollect()
                    .forEachRemaining(read::add);
            assertThat(read)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, EVENTS).boxed().collect(Collectors.toList()));

            // On (the control): the controller answers, but every handshake with the segment store
            // fails on its name.
            try (LogCapture logs = LogCapture.start();
                    StreamManager streams = StreamManager.create(on.getClientConfig())) {
                CompletableFuture<StreamInfo> info =
                        streams.fetchStreamInfo(stream.getScope(), stream.getStreamName());
                waitUntil(
                        () ->
                                logs.text()
                                        .contains("SSLHandshakeException: No subject alternative"));
                assertThat(info).as("stream info from the segment store").isNotCompleted();
                info.cancel(true);
            }

            // Pravega's client checks the controller's own host name whatever the setting; the
            // message says so.
            URI byAddress =
                    URI.create("tls://127.0.0.1:" + localhostOnly.getControllerURI().getPort());
            String failure =
                    failureOf(
                            () ->
                                    write(
                                            config(false).withControllerURI(byAddress),
                                            stream,
                                            10,
                                            PravegaWriterMode.ATLEAST_ONCE));
            assertThat(failure)
                    .contains("does not name the host '127.0.0.1'")
                    .contains("withHostnameValidation(false) applies to the segment stores only")
                    .doesNotContain(TIMED_OUT);
        }
    }

    private static FlinkPravegaWriter<Integer> writer(
            PravegaConfig config, Stream stream, PravegaWriterMode mode) {
        return FlinkPravegaWriter.<Integer>builder()
                .withPravegaConfig(config)
                .forStream(stream)
                .withSerializationSchema(new PravegaSerializationSchema<>(new IntegerSerializer()))
                .withEventRouter(TestEvents::routingKey)
                .withWriterMode(mode)
                .build();
    }

    private static FlinkPravegaReader<Integer> reader(PravegaConfig config, Stream stream) {
        return FlinkPravegaReader.<Integer>builder()
                .withPravegaConfig(config)
                .forStream(stream)
                .withDeserializationSchema(TestEvents.integerSchema())
                .withReaderGroupRefreshTime(Duration.ofMillis(100))
                .build();
    }

    /**
     * Writes 0..count-1 from a checkpointed Flink job, with one writer so that each key's events
     * keep their order; fails at once on any error. An exactly-once checkpoint begins and commits a
     * transaction, which takes longer than 100 ms over TLS: a shorter interval starves the job.
     */
    private static void write(
            PravegaConfig config, Stream stream, int count, PravegaWriterMode mode)
            throws Exception {
        StreamExecutionEnvironment env = TestEnvironments.environment(1, 500, 0);
        env.fromSequence(0, count - 1)
                .map(Long::intValue)
                .returns(Integer.class)
                .sinkTo(writer(config, stream, mode));
        env.execute("write-" + mode);
    }

    /** An unbounded read with checkpoints: every event once, in key order; then cancels the job. */
    private static void readEveryEventOnceThenCancel(
            PravegaConfig config, Stream stream, String name, int expected) throws Exception {
        StreamExecutionEnvironment env = TestEnvironments.environment(2, 100, 0);
        env.fromSource(reader(config, stream), WatermarkStrategy.noWatermarks(), "pravega")
                .map(new ExactlyOnceValidator(name, expected))
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync(name);
        ExactlyOnceValidator.Result result = ExactlyOnceValidator.result(name);
        try {
            // A failed job ends the wait at once, with its failure.
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
            while (!result.allSeen.await(100, TimeUnit.MILLISECONDS)
                    && System.nanoTime() < deadline) {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    job.getJobExecutionResult().get();
                }
            }
            Thread.sleep(500); // duplicates would come right after the last event
        } finally {
            Jobs.cancel(job, JOB_TIMEOUT);
        }
        result.assertExactlyOnce(expected);
    }

    /** Runs a job that must fail, bounded in time; returns its failure with all causes as text. */
    private static String failureOf(ThrowingCallable job) {
        Throwable failure = assertTimeoutPreemptively(NO_HANG, () -> catchThrowable(job));
        assertThat(failure).as("the job failed").isNotNull();
        return ExceptionUtils.stringifyException(failure);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Jobs.waitUntil(condition, JOB_TIMEOUT);
    }
}
