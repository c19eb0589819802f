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
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The part of the bad-input catalogue (docs/troubleshooting.md) that the connector rejects before
 * it connects to Pravega: in {@code PravegaConfig} and in the builders' {@code build()}. The cases
 * that need a running Pravega or a job are in BadInputITCase (integration tests).
 */
class BadInputTest {

    /** A config as a test cluster gives it: a controller URI and a default scope. */
    private static final PravegaConfig CONFIG =
            PravegaConfig.fromDefaults()
                    .withControllerURI("tcp://localhost:9090")
                    .withDefaultScope("bad-input");

    /** A stream the builders take as given: they check names, not existence. */
    private static final Stream STREAM = Stream.of("bad-input", "events");

    private static FlinkPravegaReader.Builder<String> reader(PravegaConfig config) {
        return FlinkPravegaReader.<String>builder()
                .withPravegaConfig(config)
                .withDeserializationSchema(
                        new PravegaDeserializationSchema<>(
                                String.class, new UTF8StringSerializer()))
                .withReaderGroupRefreshTime(Duration.ofMillis(100));
    }

    private static FlinkPravegaWriter.Builder<String> writer(PravegaConfig config) {
        return FlinkPravegaWriter.<String>builder()
                .withPravegaConfig(config)
                .withSerializationSchema(
                        new PravegaSerializationSchema<>(new UTF8StringSerializer()))
                .withEventRouter(event -> event);
    }

    /**
     * Each value as a user passes it on the command line; the message names it, its source and the
     * format.
     */
    @ParameterizedTest(name = "--controller \"{0}\"")
    @CsvSource(
            value = {
                "localhost:9090          | no scheme",
                "http://localhost:9090   | the unsupported scheme 'http'",
                "tcp://                  | is not a valid URI",
                "tcp://:9090             | has an empty host",
                "tcp://localhost:99999   | the invalid port '99999'",
                "tcp://localhost:port    | the invalid port 'port'",
                "tcp://local host:9090   | is not a valid URI",
                "''                      | is empty",
            },
            delimiter = '|')
    void malformedControllerUri(String uri, String what) {
        assertThatThrownBy(() -> PravegaConfig.fromParams(TestArguments.of("--controller", uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        uri.isEmpty() ? "controller URI from" : "controller URI '" + uri + "'")
                .hasMessageContaining("from program argument --controller")
                .hasMessageContaining(what)
                .hasMessageContaining("Expected tcp://host:port (or tls://host:port for TLS)");
    }

    /** Which builder meets the bad input. */
    enum Side {
        UNBOUNDED_READER,
        WRITER
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void unqualifiedStreamWithoutDefaultScopeIsABuilderError(Side side) {
        // A config like an embedded cluster's own: no default scope.
        PravegaConfig noScope =
                PravegaConfig.fromDefaults().withControllerURI("tcp://localhost:9090");
        assertThat(noScope.getDefaultScope()).isNull();
        Executable build =
                side == Side.WRITER
                        ? () -> writer(noScope).forStream("events").build()
                        : () -> reader(noScope).forStream("events").build();
        assertThatThrownBy(build::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Stream 'events' has no scope, and no default scope is set.")
                .hasMessageContaining(
                        "Qualify it as 'scope/events', or set a scope with "
                                + "PravegaConfig.withDefaultScope(...), --scope, -Dpravega.scope "
                                + "or PRAVEGA_SCOPE.");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"bad name!", "under_score", "a/b", ""})
    void invalidReaderGroupNameIsABuilderError(String name) {
        assertThatThrownBy(() -> reader(CONFIG).forStream(STREAM).withReaderGroupName(name).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid reader group name '" + name + "'")
                .hasMessageContaining("Names use letters, digits, '.' and '-'.");
    }

    @Test
    void tooLongReaderGroupNameOrInvalidGroupScopeIsABuilderError() {
        String longName = "g".repeat(251);
        assertThatThrownBy(
                        () ->
                                reader(CONFIG)
                                        .forStream(STREAM)
                                        .withReaderGroupName(longName)
                                        .build())
                .hasMessageContaining("Invalid reader group name '" + longName + "'")
                .hasMessageContaining("Name cannot exceed 250 characters");
        assertThatThrownBy(
                        () ->
                                reader(CONFIG)
                                        .forStream(STREAM)
                                        .withReaderGroupScope("bad scope")
                                        .build())
                .hasMessageContaining("Invalid reader group scope 'bad scope'")
                .hasMessageContaining("Names use letters, digits, '.' and '-'.");
    }

    /**
     * Pravega takes leases from 10 s to 10 min (its controller's default maximum). A longer one
     * used to pass the builder; the job then failed after 90 s of client retries with "lease value
     * too large".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "PT9.999S    | at least 10 s (Pravega's minimum)",
                "PT5S        | at least 10 s (Pravega's minimum)",
                "PT0S        | at least 10 s (Pravega's minimum)",
                "PT-1S       | at least 10 s (Pravega's minimum)",
                "PT10M0.001S | at most 600 s (the Pravega controller's default maximum, "
                        + "controller.transaction.lease.count.max)",
                "PT2H        | at most 600 s (the Pravega controller's default maximum, "
                        + "controller.transaction.lease.count.max)",
            })
    void transactionLeaseOutsidePravegasLimitsIsABuilderError(String lease, String limit) {
        assertThatThrownBy(
                        () ->
                                writer(CONFIG)
                                        .forStream("events")
                                        .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                        .withTxnLeaseRenewalPeriod(Duration.parse(lease))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "withTxnLeaseRenewalPeriod must be "
                                + limit
                                + ", got "
                                + Duration.parse(lease)
                                + ".");
    }

    @Test
    void transactionLeaseInAnotherModeIsABuilderError() {
        assertThatThrownBy(
                        () ->
                                writer(CONFIG)
                                        .forStream("events")
                                        .withWriterMode(PravegaWriterMode.ATLEAST_ONCE)
                                        .withTxnLeaseRenewalPeriod(Duration.ofMinutes(1))
                                        .build())
                .hasMessageContaining(
                        "withTxnLeaseRenewalPeriod applies to EXACTLY_ONCE only, but the writer mode is "
                                + "ATLEAST_ONCE. Remove it, or use EXACTLY_ONCE.");
    }

    /** Every Duration and count setting, with zero, a negative value, less than 1 ms and null. */
    static List<Arguments> nonPositiveSettings() {
        List<Arguments> cases = new ArrayList<>();
        List<Duration> durations =
                new ArrayList<>(
                        List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(500_000)));
        durations.add(null);
        for (Duration value : durations) {
            cases.add(
                    readerDuration(
                            "withReaderGroupRefreshTime",
                            value,
                            FlinkPravegaReader.Builder::withReaderGroupRefreshTime));
            cases.add(
                    readerDuration(
                            "withCheckpointInitiateTimeout",
                            value,
                            FlinkPravegaReader.Builder::withCheckpointInitiateTimeout));
            cases.add(
                    readerDuration(
                            "withEventReadTimeout",
                            value,
                            FlinkPravegaReader.Builder::withEventReadTimeout));
            cases.add(
                    Arguments.of(
                            "withControllerTimeout",
                            value,
                            (Executable)
                                    () -> PravegaConfig.fromDefaults().withControllerTimeout(value),
                            "withControllerTimeout must be a positive duration (at least 1 ms), got "
                                    + value
                                    + "."));
        }
        for (int value : new int[] {0, -1}) {
            cases.add(
                    Arguments.of(
                            "withMaxOutstandingCheckpointRequest",
                            value,
                            (Executable)
                                    () ->
                                            validReader()
                                                    .withMaxOutstandingCheckpointRequest(value)
                                                    .build(),
                            "withMaxOutstandingCheckpointRequest must be at least 1, got "
                                    + value
                                    + "."));
        }
        return cases;
    }

    private static Arguments readerDuration(
            String setter, Duration value, BuilderSetter<Duration> set) {
        return Arguments.of(
                setter,
                value,
                (Executable) () -> set.apply(validReader(), value).build(),
                setter + " must be a positive duration (at least 1 ms), got " + value + ".");
    }

    @FunctionalInterface
    private interface BuilderSetter<V> {
        FlinkPravegaReader.Builder<String> apply(
                FlinkPravegaReader.Builder<String> builder, V value);
    }

    private static FlinkPravegaReader.Builder<String> validReader() {
        return reader(CONFIG).forStream("events");
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("nonPositiveSettings")
    void nonPositiveDurationOrCountIsABuilderError(
            String setter, Object value, Executable build, String message) {
        assertThatThrownBy(build::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
