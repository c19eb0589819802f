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

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad table options fail when the query is planned, before any job runs, with a message that names
 * the option and lists the valid keys or values. No Pravega is needed for that.
 */
class PravegaTableOptionsTest {

    private static final String BASE =
            "'connector' = 'pravega', 'controller-uri' = 'tcp://localhost:9090', "
                    + "'scope' = 'examples', 'format' = 'json'";

    private TableEnvironment tEnv;

    @BeforeEach
    void createEnvironment() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    }

    static Stream<Arguments> badReads() {
        return Stream.of(
                Arguments.of(
                        "unknown key, valid keys listed",
                        BASE + ", 'scan.stream' = 'events'",
                        new String[] {
                            "Unsupported options",
                            "scan.stream",
                            "scan.streams",
                            "scan.startup.mode"
                        }),
                Arguments.of(
                        "bad execution type, values listed",
                        BASE + ", 'scan.streams' = 'events', " + "'scan.execution.type' = 'fast'",
                        new String[] {"scan.execution.type", "streaming", "batch"}),
                Arguments.of(
                        "bad startup mode, values listed",
                        BASE + ", 'scan.streams' = 'events', " + "'scan.startup.mode' = 'newest'",
                        new String[] {
                            "scan.startup.mode", "earliest", "latest", "specific-streamcuts"
                        }),
                Arguments.of("no streams", BASE, new String[] {"'scan.streams' is required"}),
                Arguments.of(
                        "missing controller",
                        "'connector' = 'pravega', 'format' = 'json', 'scan.streams' = 's/e'",
                        new String[] {"Missing required options", "controller-uri"}),
                Arguments.of(
                        "malformed controller URI",
                        "'connector' = 'pravega', 'format' = 'json', "
                                + "'scan.streams' = 's/e', 'controller-uri' = 'localhost:9090'",
                        new String[] {"localhost:9090", "no scheme", "tcp://"}),
                Arguments.of(
                        "unqualified stream and no scope",
                        "'connector' = 'pravega', 'format' = 'json', "
                                + "'controller-uri' = 'tcp://localhost:9090', 'scan.streams' = "
                                + "'events'",
                        new String[] {"Stream 'events' has no scope", "'scope'"}),
                Arguments.of(
                        "cut count differs from stream count",
                        BASE + ", 'scan.streams' = 'a;b', " + "'scan.end-streamcuts' = 'UNBOUNDED'",
                        new String[] {"'scan.end-streamcuts' has 1 StreamCuts for 2 streams"}),
                Arguments.of(
                        "malformed StreamCut",
                        BASE
                                + ", 'scan.streams' = 'events', "
                                + "'scan.start-streamcuts' = 'garbage'",
                        new String[] {"garbage", "not a valid StreamCut", "StreamCut.asText()"}),
                Arguments.of(
                        "specific-streamcuts without cuts",
                        BASE
                                + ", 'scan.streams' = 'events', "
                                + "'scan.startup.mode' = 'specific-streamcuts'",
                        new String[] {"needs 'scan.start-streamcuts'"}),
                Arguments.of(
                        "start cuts contradict the mode",
                        BASE
                                + ", 'scan.streams' = 'events', "
                                + "'scan.startup.mode' = 'latest', 'scan.start-streamcuts' = "
                                + "'UNBOUNDED'",
                        new String[] {"contradicts 'scan.start-streamcuts'"}),
                Arguments.of(
                        "zero refresh interval",
                        BASE
                                + ", 'scan.streams' = 'events', "
                                + "'scan.reader-group.refresh.interval' = '0 ms'",
                        new String[] {"withReaderGroupRefreshTime", "positive"}),
                Arguments.of(
                        "zero segment release interval",
                        BASE
                                + ", 'scan.streams' = 'events', "
                                + "'scan.segment-release.interval' = '0 ms'",
                        new String[] {"withSegmentReleaseInterval", "positive"}),
                Arguments.of(
                        "bad delivery guarantee, values listed",
                        BASE
                                + ", 'scan.streams' = 'events', "
                                + "'scan.delivery-guarantee' = 'twice'",
                        new String[] {"scan.delivery-guarantee", "exactly-once", "at-least-once"}),
                Arguments.of(
                        "invalid reader group name",
                        BASE
                                + ", 'scan.streams' = 'events', "
                                + "'scan.reader-group.name' = 'bad name!'",
                        new String[] {"Invalid reader group name 'bad name!'", "letters, digits"}),
                Arguments.of(
                        "auth type without token",
                        BASE + ", 'scan.streams' = 'events', " + "'security.auth-type' = 'Basic'",
                        new String[] {
                            "'security.auth-type' and 'security.auth-token' go together"
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReads")
    void aBadReadOptionFailsAtPlanningWithTheFix(String name, String options, String[] expected) {
        tEnv.executeSql("CREATE TABLE t (id INT, k STRING) WITH (" + options + ")");
        var thrown = assertThatThrownBy(() -> tEnv.explainSql("SELECT * FROM t"));
        for (String text : expected) {
            thrown.hasStackTraceContaining(text);
        }
    }

    static Stream<Arguments> badWrites() {
        return Stream.of(
                Arguments.of("no sink stream", BASE, new String[] {"'sink.stream' is required"}),
                Arguments.of(
                        "bad semantic, values listed",
                        BASE + ", 'sink.stream' = 'out', " + "'sink.semantic' = 'twice'",
                        new String[] {
                            "sink.semantic", "best-effort", "at-least-once", "exactly-once"
                        }),
                Arguments.of(
                        "semantic and delivery guarantee disagree",
                        BASE
                                + ", 'sink.stream' = 'out', "
                                + "'sink.semantic' = 'exactly-once', 'sink.delivery-guarantee' = "
                                + "'at-least-once'",
                        new String[] {"disagree", "set one of them"}),
                Arguments.of(
                        "routing key field missing, columns listed",
                        BASE
                                + ", 'sink.stream' = 'out', "
                                + "'sink.routing-key.field.name' = 'key'",
                        new String[] {"'key' names no physical column", "[id, k]"}),
                Arguments.of(
                        "routing key field not a string",
                        BASE + ", 'sink.stream' = 'out', " + "'sink.routing-key.field.name' = 'id'",
                        new String[] {"a routing key is a STRING", "CAST"}),
                Arguments.of(
                        "lease too short",
                        BASE
                                + ", 'sink.stream' = 'out', 'sink.semantic' = 'exactly-once', "
                                + "'sink.txn-lease-renewal.interval' = '5 s'",
                        new String[] {"at least 10 s"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badWrites")
    void aBadWriteOptionFailsAtPlanningWithTheFix(String name, String options, String[] expected) {
        tEnv.executeSql("CREATE TABLE t (id INT, k STRING) WITH (" + options + ")");
        var thrown = assertThatThrownBy(() -> tEnv.explainSql("INSERT INTO t VALUES (1, 'a')"));
        for (String text : expected) {
            thrown.hasStackTraceContaining(text);
        }
    }
}
