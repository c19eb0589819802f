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
package io.pravega.connectors.flink.table;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.RawEvents;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.pravega.connectors.flink.utils.SqlTables.collect;
import static io.pravega.connectors.flink.utils.SqlTables.collectAll;
import static io.pravega.connectors.flink.utils.SqlTables.createTable;
import static io.pravega.connectors.flink.utils.SqlTables.tableEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

/** SQL against a real embedded Pravega: the 'pravega' table connector with Flink's formats. */
class PravegaTableITCase {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(1);

    @RegisterExtension static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.of(1, 4);

    private static String ddl(String table, String columns, Stream stream, String... options) {
        return createTable(table, columns, CLUSTER.getControllerURI(), stream, options);
    }

    private static String values(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "(" + i + ", 'name-" + i + "', " + i + ".5)")
                .collect(Collectors.joining(", "));
    }

    @ParameterizedTest
    @EnumSource(
            value = RuntimeExecutionMode.class,
            names = {"STREAMING", "BATCH"})
    void insertFromValuesThenSelectReadsEveryRow(RuntimeExecutionMode mode) throws Exception {
        Stream stream = CLUSTER.createStream(3);
        StreamTableEnvironment tEnv = tableEnvironment(mode, 2, 200, 0);
        tEnv.executeSql(
                ddl(
                        "people",
                        "id INT, name STRING, score DOUBLE",
                        stream,
                        "format",
                        "json",
                        "scan.execution.type",
                        mode == RuntimeExecutionMode.BATCH ? "batch" : "streaming"));
        tEnv.executeSql("INSERT INTO people VALUES " + values(50)).await();

        String query = "SELECT id, name, score FROM people";
        List<Row> rows =
                mode == RuntimeExecutionMode.BATCH
                        ? collectAll(tEnv.executeSql(query))
                        : collect(tEnv.executeSql(query), 50);

        assertThat(rows).hasSize(50);
        assertThat(rows)
                .extracting(row -> row.getField(0))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 50).boxed().collect(Collectors.toList()));
        assertThat(rows)
                .allSatisfy(
                        row -> {
                            int id = (Integer) row.getField(0);
                            assertThat(row.getField(1)).isEqualTo("name-" + id);
                            assertThat(row.getField(2)).isEqualTo(id + 0.5);
                        });
    }

    @Test
    void anAtLeastOnceStreamingReadReadsEveryRow() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamTableEnvironment tEnv = tableEnvironment(RuntimeExecutionMode.STREAMING, 2, 200, 0);
        tEnv.executeSql(
                ddl(
                        "fast",
                        "id INT, name STRING, score DOUBLE",
                        stream,
                        "format",
                        "json",
                        "scan.delivery-guarantee",
                        "at-least-once"));
        tEnv.executeSql("INSERT INTO fast VALUES " + values(50)).await();

        List<Row> rows = collect(tEnv.executeSql("SELECT id FROM fast"), 50);

        assertThat(rows)
                .extracting(row -> row.getField(0))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 50).boxed().collect(Collectors.toList()));
    }

    /** Fails once mid-stream, slowly enough (2 ms a row) that checkpoints complete before. */
    public static final class FailOnce extends ScalarFunction {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static volatile int failAt;

        public Integer eval(Integer id) throws InterruptedException {
            Thread.sleep(2);
            if (id != null && id == failAt && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("Injected failure at id " + id);
            }
            return id;
        }
    }

    @Test
    void anExactlyOnceSinkWritesEveryRowOnceDespiteAFailure() throws Exception {
        int rows = 2_000;
        Stream input = CLUSTER.createStream("in", 2);
        Stream output = CLUSTER.createStream("out", 3);
        List<String> events =
                IntStream.range(0, rows)
                        .mapToObj(i -> "{\"id\":" + i + ",\"k\":\"key-" + (i % 7) + "\"}")
                        .collect(Collectors.toList());
        RawEvents.writeStrings(CLUSTER.getClientConfig(), input, events, PravegaTableITCase::keyOf);

        // Each checkpoint commits a transaction per writer on the task thread: not too often.
        StreamTableEnvironment tEnv = tableEnvironment(RuntimeExecutionMode.STREAMING, 2, 1000, 3);
        tEnv.createTemporarySystemFunction("fail_once", FailOnce.class);
        FailOnce.FAILED.set(false);
        FailOnce.failAt = rows / 2;
        tEnv.executeSql(
                ddl(
                        "src",
                        "id INT, k STRING",
                        input,
                        "format",
                        "json",
                        "scan.execution.type",
                        "batch"));
        tEnv.executeSql(
                ddl(
                        "dst",
                        "id INT, k STRING",
                        output,
                        "format",
                        "json",
                        "sink.semantic",
                        "exactly-once",
                        "sink.routing-key.field.name",
                        "k"));
        tEnv.executeSql("INSERT INTO dst SELECT fail_once(id), k FROM src").await();

        assertThat(FailOnce.FAILED).isTrue();
        List<String> written =
                RawEvents.readStrings(CLUSTER.getClientConfig(), output, rows, READ_TIMEOUT);
        Map<String, List<Integer>> idsPerKey = new HashMap<>();
        Set<Integer> distinct = new HashSet<>();
        for (String event : written) {
            int id = idOf(event);
            distinct.add(id);
            idsPerKey.computeIfAbsent(keyOf(event), k -> new ArrayList<>()).add(id);
        }
        assertThat(written).as("every row once").hasSize(rows);
        assertThat(distinct).hasSize(rows);
        assertThat(idsPerKey.values())
                .as("per-key order")
                .allSatisfy(ids -> assertThat(ids).isSorted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "batch"})
    void metadataColumnsReadWhereEachEventIsAndTheRoutingKeyIsWritable(String executionType)
            throws Exception {
        Stream stream = CLUSTER.createStream(4);
        StreamTableEnvironment tEnv = tableEnvironment(RuntimeExecutionMode.STREAMING, 2, 200, 0);
        tEnv.executeSql(
                ddl(
                        "keyed",
                        "id INT, k STRING, rk STRING METADATA FROM 'routing_key'",
                        stream,
                        "format",
                        "json"));
        tEnv.executeSql(
                        "INSERT INTO keyed SELECT id, k, k FROM (VALUES "
                                + IntStream.range(0, 60)
                                        .mapToObj(i -> "(" + i + ", 'key-" + (i % 3) + "')")
                                        .collect(Collectors.joining(", "))
                                + ") AS v(id, k)")
                .await();

        tEnv.executeSql(
                ddl(
                        "located",
                        "id INT, k STRING, "
                                + "ptr BYTES METADATA FROM 'event_pointer' VIRTUAL, "
                                + "s STRING METADATA FROM 'stream' VIRTUAL, "
                                + "seg BIGINT METADATA FROM 'segment_id' VIRTUAL, "
                                + "pos BIGINT METADATA FROM 'offset' VIRTUAL",
                        stream,
                        "format",
                        "json",
                        "scan.execution.type",
                        executionType));
        List<Row> rows =
                collect(tEnv.executeSql("SELECT id, k, ptr, s, seg, pos FROM located"), 60);

        assertThat(rows).hasSize(60);
        assertThat(rows).extracting(row -> row.getField(3)).containsOnly(stream.getScopedName());
        Map<Object, Set<Object>> segmentsPerKey = new HashMap<>();
        Map<Object, List<Row>> rowsPerKey = new HashMap<>();
        for (Row row : rows) {
            segmentsPerKey
                    .computeIfAbsent(row.getField(1), k -> new HashSet<>())
                    .add(row.getField(4));
            rowsPerKey.computeIfAbsent(row.getField(1), k -> new ArrayList<>()).add(row);
        }
        assertThat(segmentsPerKey.values())
                .as("one segment per routing key")
                .allSatisfy(s -> assertThat(s).hasSize(1));
        assertThat(rowsPerKey.values())
                .as("offsets grow with the ids of a key")
                .allSatisfy(
                        keyRows -> {
                            keyRows.sort(
                                    (a, b) ->
                                            Long.compare(
                                                    (Long) a.getField(5), (Long) b.getField(5)));
                            assertThat(keyRows)
                                    .extracting(row -> (Integer) row.getField(0))
                                    .isSorted();
                        });

        List<byte[]> pointers =
                rows.stream().map(row -> (byte[]) row.getField(2)).collect(Collectors.toList());
        List<String> fetched =
                RawEvents.fetch(
                        CLUSTER.getClientConfig(), stream, new UTF8StringSerializer(), pointers);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(idOf(fetched.get(i)))
                    .as("the event pointer resolves")
                    .isEqualTo(rows.get(i).getField(0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv", "avro"})
    void flinkFormatsWriteAndReadEveryColumn(String format) throws Exception {
        Stream stream = CLUSTER.createStream(2);
        StreamTableEnvironment tEnv = tableEnvironment(RuntimeExecutionMode.BATCH, 2, 0, 0);
        tEnv.executeSql(
                ddl(
                        "typed",
                        "id INT, name STRING, price DOUBLE, ok BOOLEAN, ts TIMESTAMP(3)",
                        stream,
                        "format",
                        format,
                        "scan.execution.type",
                        "batch"));
        tEnv.executeSql(
                        "INSERT INTO typed VALUES "
                                + IntStream.range(0, 20)
                                        .mapToObj(
                                                i ->
                                                        "("
                                                                + i
                                                                + ", 'n"
                                                                + i
                                                                + "', "
                                                                + i
                                                                + ".25, "
                                                                + (i % 2 == 0)
                                                                + ", TIMESTAMP '2026-01-01 00:00:"
                                                                + String.format("%02d", i)
                                                                + ".123')")
                                        .collect(Collectors.joining(", ")))
                .await();

        List<Row> rows = collectAll(tEnv.executeSql("SELECT id, name, price, ok, ts FROM typed"));

        assertThat(rows).hasSize(20);
        assertThat(rows)
                .allSatisfy(
                        row -> {
                            int i = (Integer) row.getField(0);
                            assertThat(row.getField(1)).isEqualTo("n" + i);
                            assertThat(row.getField(2)).isEqualTo(i + 0.25);
                            assertThat(row.getField(3)).isEqualTo(i % 2 == 0);
                            assertThat(row.getField(4))
                                    .isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0, i, 123_000_000));
                        });
    }

    @Test
    void debeziumJsonReadsAsAChangelog() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        List<String> changes =
                List.of(
                        "{\"before\":null,\"after\":{\"id\":1,\"name\":\"a\"},\"op\":\"c\"}",
                        "{\"before\":null,\"after\":{\"id\":2,\"name\":\"b\"},\"op\":\"c\"}",
                        "{\"before\":null,\"after\":{\"id\":3,\"name\":\"c\"},\"op\":\"c\"}",
                        "{\"before\":{\"id\":2,\"name\":\"b\"},\"after\":{\"id\":2,\"name\":\"b2\"},\"op\":\"u\"}",
                        "{\"before\":{\"id\":3,\"name\":\"c\"},\"after\":null,\"op\":\"d\"}");
        // Keyed by row id, so that Pravega keeps each row's changes in order.
        RawEvents.writeStrings(
                CLUSTER.getClientConfig(),
                stream,
                changes,
                change ->
                        String.valueOf(
                                change.contains("\"after\":null")
                                        ? 3
                                        : idOf(change.substring(change.indexOf("\"after\"")))));

        StreamTableEnvironment tEnv = tableEnvironment(RuntimeExecutionMode.STREAMING, 2, 200, 0);
        tEnv.executeSql(
                ddl(
                        "cdc",
                        "id INT, name STRING",
                        stream,
                        "format",
                        "debezium-json",
                        "scan.execution.type",
                        "batch"));
        List<Row> rows = collectAll(tEnv.executeSql("SELECT id, name FROM cdc"));

        assertThat(rows)
                .extracting(Row::getKind)
                .contains(
                        RowKind.INSERT,
                        RowKind.UPDATE_BEFORE,
                        RowKind.UPDATE_AFTER,
                        RowKind.DELETE);
        Map<Object, Object> table = new HashMap<>();
        for (Row row : rows) {
            if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) {
                table.put(row.getField(0), row.getField(1));
            } else {
                table.remove(row.getField(0));
            }
        }
        assertThat(table).containsExactlyInAnyOrderEntriesOf(Map.of(1, "a", 2, "b2"));
    }

    @Test
    void aDdlWatermarkClosesEventTimeWindowsOfAnUnboundedRead() throws Exception {
        Stream stream = CLUSTER.createStream(1);
        StreamTableEnvironment tEnv = tableEnvironment(RuntimeExecutionMode.STREAMING, 1, 200, 0);
        tEnv.executeSql(
                ddl(
                        "readings",
                        "id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND",
                        stream,
                        "format",
                        "json"));
        // 40 readings, one per second: windows [0,10) [10,20) [20,30) close; [30,40) waits for
        // more.
        tEnv.executeSql(
                        "INSERT INTO readings VALUES "
                                + IntStream.range(0, 40)
                                        .mapToObj(
                                                i ->
                                                        "("
                                                                + i
                                                                + ", TIMESTAMP '2026-01-01 00:00:"
                                                                + String.format("%02d", i)
                                                                + "')")
                                        .collect(Collectors.joining(", ")))
                .await();

        List<Row> windows =
                collect(
                        tEnv.executeSql(
                                "SELECT window_start, COUNT(*) AS c FROM TABLE("
                                        + "TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' "
                                        + "SECOND)) "
                                        + "GROUP BY window_start, window_end"),
                        3);

        assertThat(windows)
                .extracting(row -> row.getField(0))
                .containsExactly(
                        LocalDateTime.of(2026, 1, 1, 0, 0, 0),
                        LocalDateTime.of(2026, 1, 1, 0, 0, 10),
                        LocalDateTime.of(2026, 1, 1, 0, 0, 20));
        assertThat(windows).extracting(row -> row.getField(1)).containsOnly(10L);
    }

    @Test
    void latestStartupModeReadsOnlyEventsWrittenAfterTheJobStarts() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        List<String> old =
                IntStream.range(0, 10)
                        .mapToObj(i -> "{\"id\":" + i + "}")
                        .collect(Collectors.toList());
        RawEvents.writeStrings(CLUSTER.getClientConfig(), stream, old, event -> null);
        StreamTableEnvironment tEnv = tableEnvironment(RuntimeExecutionMode.STREAMING, 2, 200, 0);
        tEnv.executeSql(
                ddl("fresh", "id INT", stream, "format", "json", "scan.startup.mode", "latest"));

        // Writes new events until the query has its rows: the job's start time is not known here.
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer =
                new Thread(
                        () -> {
                            for (int id = 1000; !stop.get(); id++) {
                                RawEvents.writeStrings(
                                        CLUSTER.getClientConfig(),
                                        stream,
                                        List.of("{\"id\":" + id + "}"),
                                        e -> null);
                                try {
                                    Thread.sleep(100);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
        writer.start();
        List<Row> rows;
        try {
            rows = collect(tEnv.executeSql("SELECT id FROM fresh"), 5);
        } finally {
            stop.set(true);
            writer.join();
        }

        assertThat(rows).hasSize(5);
        assertThat(rows)
                .extracting(row -> (Integer) row.getField(0))
                .allSatisfy(id -> assertThat(id).isGreaterThanOrEqualTo(1000));
    }

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern KEY = Pattern.compile("\"k\":\"([^\"]+)\"");

    private static int idOf(String json) {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("No id in " + json);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static String keyOf(String json) {
        Matcher matcher = KEY.matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }
}
