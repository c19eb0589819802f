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
package io.pravega.connectors.flink.formats.registry;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.RawEvents;
import io.pravega.connectors.flink.utils.RegistryApp;
import io.pravega.connectors.flink.utils.RegistryApp.Reading;
import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.contract.data.Compatibility;
import io.pravega.schemaregistry.contract.data.SerializationFormat;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.pravega.connectors.flink.utils.SqlTables.collectAll;
import static io.pravega.connectors.flink.utils.SqlTables.createTable;
import static io.pravega.connectors.flink.utils.SqlTables.tableEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 'pravega-registry' format against a real Schema Registry beside the embedded Pravega: the
 * round trip of each serialization format through Flink SQL, interoperability with a plain Pravega
 * application that uses the registry's own serializers, and each bad input.
 */
class PravegaRegistryFormatITCase {

    private static final Duration BOUNDED = Duration.ofMinutes(2);

    @RegisterExtension
    static final PravegaFlinkCluster CLUSTER =
            PravegaFlinkCluster.of(EmbeddedPravega.builder().withSchemaRegistry(), 1, 2);

    private static final String READINGS =
            "id INT NOT NULL, name STRING NOT NULL, temperature DOUBLE NOT NULL";

    private static StreamTableEnvironment batch() {
        return tableEnvironment(RuntimeExecutionMode.BATCH, 1, 200, 0);
    }

    private static String table(String name, String columns, Stream stream, String... options) {
        String[] all = new String[options.length + 6];
        all[0] = "format";
        all[1] = "pravega-registry";
        all[2] = "pravega-registry.uri";
        all[3] = CLUSTER.getSchemaRegistryURI().toString();
        all[4] = "scan.execution.type";
        all[5] = "batch";
        System.arraycopy(options, 0, all, 6, options.length);
        return createTable(name, columns, CLUSTER.getControllerURI(), stream, all);
    }

    private static List<Reading> readings(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Reading(i, "sensor-" + i, 20 + i / 4.0))
                .collect(Collectors.toList());
    }

    private static String values(List<Reading> readings) {
        return readings.stream()
                .map(r -> "(" + r.id + ", '" + r.name + "', CAST(" + r.temperature + " AS DOUBLE))")
                .collect(Collectors.joining(", "));
    }

    private static List<Reading> asReadings(List<Row> rows) {
        return rows.stream()
                .map(
                        row ->
                                new Reading(
                                        (Integer) row.getField("id"),
                                        (String) row.getField("name"),
                                        (Double) row.getField("temperature")))
                .collect(Collectors.toList());
    }

    // ------------------------------------------------------------------------------ round trip

    @ParameterizedTest
    @EnumSource(
            value = SerializationFormat.class,
            names = {"Avro", "Json", "Protobuf"})
    void rowsOfEverySupportedTypeSurviveTheRoundTrip(SerializationFormat format) throws Exception {
        Stream stream = CLUSTER.createStream(2);
        new RegistryApp(CLUSTER.getSchemaRegistryURI(), format, stream)
                .createGroup(Compatibility.backward());
        StreamTableEnvironment tEnv = batch();
        tEnv.executeSql(
                table(
                        "typed",
                        "id INT NOT NULL, flag BOOLEAN, big BIGINT, ratio FLOAT, score DOUBLE, "
                                + "label STRING, payload BYTES, amount DECIMAL(10, 2), born DATE, "
                                + "seen_at TIMESTAMP(3), tags ARRAY<STRING>, attrs MAP<STRING, INT>, "
                                + "origin ROW<x INT, y STRING>",
                        stream));
        tEnv.executeSql(
                        "INSERT INTO typed VALUES "
                                + "(1, TRUE, 10000000000, CAST(1.5 AS FLOAT), 2.25, 'one', X'0102', "
                                + "CAST(12.34 AS DECIMAL(10, 2)), DATE '2026-12-04', "
                                + "TIMESTAMP '2026-12-04 10:11:12.345', ARRAY['a', 'b'], "
                                + "MAP['k', 7], ROW(3, 'three')), "
                                + "(2, CAST(NULL AS BOOLEAN), CAST(NULL AS BIGINT), CAST(NULL AS FLOAT), "
                                + "CAST(NULL AS DOUBLE), CAST(NULL AS STRING), CAST(NULL AS BYTES), "
                                + "CAST(NULL AS DECIMAL(10, 2)), CAST(NULL AS DATE), "
                                + "CAST(NULL AS TIMESTAMP(3)), CAST(NULL AS ARRAY<STRING>), "
                                + "CAST(NULL AS MAP<STRING, INT>), CAST(NULL AS ROW<x INT, y STRING>))")
                .await();

        List<Row> rows = collectAll(tEnv.executeSql("SELECT * FROM typed ORDER BY id"));

        assertThat(rows).hasSize(2);
        Row first = rows.get(0);
        assertThat(first.getField("flag")).isEqualTo(true);
        assertThat(first.getField("big")).isEqualTo(10000000000L);
        assertThat(first.getField("ratio")).isEqualTo(1.5f);
        assertThat(first.getField("score")).isEqualTo(2.25);
        assertThat(first.getField("label")).isEqualTo("one");
        assertThat((byte[]) first.getField("payload")).containsExactly(1, 2);
        assertThat(first.getField("amount")).isEqualTo(new java.math.BigDecimal("12.34"));
        assertThat(first.getField("born")).isEqualTo(java.time.LocalDate.of(2026, 12, 4));
        assertThat(first.getField("seen_at"))
                .isEqualTo(java.time.LocalDateTime.of(2026, 12, 4, 10, 11, 12, 345_000_000));
        assertThat((String[]) first.getField("tags")).containsExactly("a", "b");
        assertThat(first.getField("attrs")).isEqualTo(java.util.Map.of("k", 7));
        assertThat(first.getField("origin")).isEqualTo(Row.of(3, "three"));
        Row second = rows.get(1);
        assertThat(second.getField("id")).isEqualTo(2);
        for (int i = 1; i < second.getArity(); i++) {
            String column = first.getFieldNames(true).toArray(new String[0])[i];
            if (format == SerializationFormat.Protobuf
                    && (column.equals("tags") || column.equals("attrs"))) {
                // Protobuf's repeated and map fields have no presence: null reads back empty.
                Object empty = second.getField(i);
                assertThat(
                                empty instanceof Object[]
                                        ? ((Object[]) empty).length
                                        : ((java.util.Map<?, ?>) empty).size())
                        .as(column)
                        .isZero();
            } else {
                assertThat(second.getField(i)).as("column %s of the row of nulls", column).isNull();
            }
        }
        // What Flink wrote carries the registry's header and one of the group's encoding ids.
        List<ByteBuffer> events =
                RawEvents.read(
                        CLUSTER.getClientConfig(),
                        stream,
                        new ByteBufferSerializer(),
                        read -> read.size() >= 2,
                        Duration.ofSeconds(30));
        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.get(0)).isEqualTo((byte) 1));
    }

    /**
     * Two writer subtasks open at once, each registering the table's schema with a group that has
     * none yet: the registry keeps one schema, and every row reads back.
     */
    @Test
    void parallelWritersRegisterTheTableSchemaOnce() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        RegistryApp app =
                new RegistryApp(CLUSTER.getSchemaRegistryURI(), SerializationFormat.Avro, stream);
        app.createGroup(Compatibility.backward());
        List<Reading> expected = readings(40);
        StreamTableEnvironment tEnv = batch();
        tEnv.executeSql(table("readings", READINGS, stream, "sink.parallelism", "2"));

        tEnv.executeSql("INSERT INTO readings VALUES " + values(expected)).await();

        try (SchemaRegistryClient client = app.client()) {
            assertThat(client.getSchemas(stream.getStreamName()))
                    .as("schemas in the group")
                    .hasSize(1);
        }
        List<Row> rows = collectAll(tEnv.executeSql("SELECT id, name, temperature FROM readings"));
        assertThat(asReadings(rows)).containsExactlyInAnyOrderElementsOf(expected);
    }

    // -------------------------------------------------------------------------- interoperability

    @ParameterizedTest
    @EnumSource(
            value = SerializationFormat.class,
            names = {"Avro", "Json", "Protobuf"})
    void flinkReadsWhatAPlainApplicationWroteWithTheRegistrysSerializers(SerializationFormat format)
            throws Exception {
        Stream stream = CLUSTER.createStream(1);
        RegistryApp app = new RegistryApp(CLUSTER.getSchemaRegistryURI(), format, stream);
        app.createGroup(Compatibility.backward());
        List<Reading> written = readings(20);
        app.write(CLUSTER.getClientConfig(), stream, written);

        StreamTableEnvironment tEnv = batch();
        tEnv.executeSql(table("readings", READINGS, stream));
        List<Row> rows = collectAll(tEnv.executeSql("SELECT id, name, temperature FROM readings"));

        assertThat(asReadings(rows)).containsExactlyInAnyOrderElementsOf(written);
    }

    @ParameterizedTest
    @EnumSource(
            value = SerializationFormat.class,
            names = {"Avro", "Json", "Protobuf"})
    void aPlainApplicationReadsWhatFlinkWrote(SerializationFormat format) throws Exception {
        Stream stream = CLUSTER.createStream(1);
        RegistryApp app = new RegistryApp(CLUSTER.getSchemaRegistryURI(), format, stream);
        app.createGroup(Compatibility.backward());
        // The application registered its schema first, as it would in production.
        app.write(CLUSTER.getClientConfig(), stream, List.of(new Reading(-1, "first", 0.0)));
        List<Reading> expected = readings(20);

        StreamTableEnvironment tEnv = batch();
        tEnv.executeSql(table("readings", READINGS, stream));
        tEnv.executeSql("INSERT INTO readings VALUES " + values(expected)).await();

        List<Reading> read = app.read(CLUSTER.getClientConfig(), stream, 21);
        assertThat(read).hasSize(21);
        assertThat(read.get(0)).isEqualTo(new Reading(-1, "first", 0.0));
        // Without a routing key Flink promises no order among the rows.
        assertThat(read.subList(1, 21)).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ------------------------------------------------------------------------------ bad input

    @Test
    void anUnreachableRegistryFailsTheWriteWithAMessageThatNamesIt() throws Exception {
        String deadRegistry = "http://127.0.0.1:" + freePort();
        StreamTableEnvironment tEnv = batch();
        tEnv.executeSql(unreachableRegistryTable(CLUSTER.createStream(1), deadRegistry, "batch"));

        assertThatThrownBy(
                        () -> tEnv.executeSql("INSERT INTO nowhere VALUES (1, 'a', 1.0)").await())
                .satisfies(e -> assertNamesTheUnreachableRegistry(e, deadRegistry));
    }

    /**
     * The readers fail when they start; the job's own failure names the registry, on both read
     * paths (a lost split assignment must not take its place).
     */
    @ParameterizedTest(name = "scan.execution.type = {0}")
    @ValueSource(strings = {"batch", "streaming"})
    void anUnreachableRegistryFailsTheReadWithAMessageThatNamesIt(String executionType)
            throws Exception {
        String deadRegistry = "http://127.0.0.1:" + freePort();
        StreamTableEnvironment tEnv =
                executionType.equals("batch")
                        ? batch()
                        : tableEnvironment(RuntimeExecutionMode.STREAMING, 2, 200, 0);
        tEnv.executeSql(
                unreachableRegistryTable(CLUSTER.createStream(2), deadRegistry, executionType));

        JobClient job = tEnv.executeSql("SELECT * FROM nowhere").getJobClient().orElseThrow();
        assertThatThrownBy(() -> job.getJobExecutionResult().get(2, TimeUnit.MINUTES))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertNamesTheUnreachableRegistry(e, deadRegistry));
    }

    private static String unreachableRegistryTable(
            Stream stream, String deadRegistry, String executionType) {
        return createTable(
                "nowhere",
                READINGS,
                CLUSTER.getControllerURI(),
                stream,
                "format",
                "pravega-registry",
                "pravega-registry.uri",
                deadRegistry,
                "pravega-registry.timeout",
                "10 s",
                "scan.execution.type",
                executionType);
    }

    private static void assertNamesTheUnreachableRegistry(Throwable failure, String registry) {
        assertThat(ExceptionUtils.stringifyException(failure))
                .contains("Schema Registry at " + registry)
                .containsAnyOf("cannot be reached", "did not answer");
    }

    @Test
    void aMissingGroupFailsTheJobAndSaysHowToCreateIt() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        StreamTableEnvironment tEnv = batch();
        tEnv.executeSql(table("nogroup", READINGS, stream));

        assertThatThrownBy(
                        () -> tEnv.executeSql("INSERT INTO nogroup VALUES (1, 'a', 1.0)").await())
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("registry group '" + stream.getStreamName() + "'")
                                        .contains("does not exist")
                                        .contains("'pravega-registry.group-id'"));
        assertThat(
                        RawEvents.readStrings(
                                CLUSTER.getClientConfig(), stream, 0, Duration.ofSeconds(2)))
                .as("nothing was written")
                .isEmpty();
    }

    @Test
    void anIncompatibleTableSchemaIsRefusedBeforeAnythingIsWritten() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        RegistryApp app =
                new RegistryApp(CLUSTER.getSchemaRegistryURI(), SerializationFormat.Avro, stream);
        app.createGroup(Compatibility.backward());
        app.write(CLUSTER.getClientConfig(), stream, readings(3));
        StreamTableEnvironment tEnv = batch();
        // A new required column without a default cannot read the group's existing events.
        tEnv.executeSql(table("changed", "id INT NOT NULL, site STRING NOT NULL", stream));

        assertThatThrownBy(() -> tEnv.executeSql("INSERT INTO changed VALUES (1, 'x')").await())
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("do not form a schema that the registry group")
                                        .contains("compatibility policy"));
        assertThat(app.read(CLUSTER.getClientConfig(), stream, 3))
                .as("only the application's events are in the stream")
                .containsExactlyElementsOf(readings(3));
    }

    @Test
    void anEventWithAnUnknownEncodingIdFailsTheReadInsteadOfBeingDropped() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        RegistryApp app =
                new RegistryApp(CLUSTER.getSchemaRegistryURI(), SerializationFormat.Avro, stream);
        app.createGroup(Compatibility.backward());
        app.write(CLUSTER.getClientConfig(), stream, readings(2));
        ByteBuffer foreign = ByteBuffer.wrap(new byte[] {1, 0, 0, 0x30, 0x39, 42, 42});
        RawEvents.write(
                CLUSTER.getClientConfig(),
                stream,
                new ByteBufferSerializer(),
                List.of(foreign),
                e -> null);
        StreamTableEnvironment tEnv = batch();
        tEnv.executeSql(table("alien", READINGS, stream));

        assertThatThrownBy(() -> collectAll(tEnv.executeSql("SELECT * FROM alien")))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains(
                                                "encoding id 12345 is unknown to the registry group")
                                        .contains(stream.getStreamName()));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
