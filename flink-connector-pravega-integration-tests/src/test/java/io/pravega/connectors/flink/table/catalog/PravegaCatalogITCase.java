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
package io.pravega.connectors.flink.table.catalog;

import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.RegistryApp;
import io.pravega.connectors.flink.utils.RegistryApp.Reading;
import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.client.exceptions.RegistryExceptions;
import io.pravega.schemaregistry.contract.data.Compatibility;
import io.pravega.schemaregistry.contract.data.SerializationFormat;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.pravega.connectors.flink.utils.SqlTables.collectAll;
import static io.pravega.connectors.flink.utils.SqlTables.tableEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Pravega catalog against a real controller and Schema Registry: every catalog operation, what
 * each does to Pravega and the registry, reading and writing catalog tables without options, and
 * bad input.
 */
class PravegaCatalogITCase {

    @RegisterExtension
    static final PravegaFlinkCluster CLUSTER =
            PravegaFlinkCluster.of(EmbeddedPravega.builder().withSchemaRegistry(), 1, 2);

    private StreamTableEnvironment tEnv;
    private StreamManager streams;
    private String scope;

    @BeforeEach
    void createCatalog() {
        scope = "cat" + UUID.randomUUID().toString().substring(0, 8);
        streams = StreamManager.create(CLUSTER.getClientConfig());
        tEnv = tableEnvironment(RuntimeExecutionMode.BATCH, 1, 200, 0);
        tEnv.executeSql(catalogDdl("p", scope, "Avro"));
        tEnv.useCatalog("p");
    }

    @AfterEach
    void closeStreamManager() {
        streams.close();
    }

    private static String catalogDdl(String name, String defaultDatabase, String format) {
        return "CREATE CATALOG "
                + name
                + " WITH ('type' = 'pravega', 'controller-uri' = '"
                + CLUSTER.getControllerURI()
                + "', 'schema-registry-uri' = '"
                + CLUSTER.getSchemaRegistryURI()
                + "', 'default-database' = '"
                + defaultDatabase
                + "', 'serialization-format' = '"
                + format
                + "')";
    }

    private List<String> column(String statement) throws Exception {
        List<String> values = new ArrayList<>();
        TableResult result = tEnv.executeSql(statement);
        try (CloseableIterator<Row> rows = result.collect()) {
            rows.forEachRemaining(row -> values.add(String.valueOf(row.getField(0))));
        }
        return values;
    }

    private boolean groupExists(String namespace, String group) throws Exception {
        try (SchemaRegistryClient client =
                new RegistryApp(
                                CLUSTER.getSchemaRegistryURI(),
                                SerializationFormat.Avro,
                                Stream.of(namespace, group))
                        .client()) {
            client.getGroupProperties(group);
            return true;
        } catch (RegistryExceptions.ResourceNotFoundException e) {
            return false;
        }
    }

    @Test
    void theDefaultDatabaseIsTheScopeAndIsCreatedIfMissing() throws Exception {
        assertThat(streams.checkScopeExists(scope)).isTrue();
        assertThat(column("SHOW DATABASES")).contains(scope);
        assertThat(column("SHOW CURRENT DATABASE")).containsExactly(scope);
    }

    @Test
    void createAndDropDatabaseCreateAndDeleteTheScope() throws Exception {
        String other = scope + "x";
        tEnv.executeSql("CREATE DATABASE " + other);
        assertThat(streams.checkScopeExists(other)).isTrue();
        assertThat(column("SHOW DATABASES")).contains(other);
        assertThatThrownBy(() -> tEnv.executeSql("CREATE DATABASE " + other))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("already exists"));
        tEnv.executeSql("CREATE DATABASE IF NOT EXISTS " + other);

        tEnv.executeSql("CREATE TABLE " + other + ".t (id INT)");
        assertThatThrownBy(() -> tEnv.executeSql("DROP DATABASE " + other))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("is not empty"));
        assertThat(streams.checkScopeExists(other)).isTrue();

        tEnv.executeSql("DROP DATABASE " + other + " CASCADE");
        assertThat(streams.checkScopeExists(other)).isFalse();
        assertThat(groupExists(other, "t")).isFalse();
        tEnv.executeSql("DROP DATABASE IF EXISTS " + other);
        assertThatThrownBy(() -> tEnv.executeSql("DROP DATABASE " + other))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("does not exist"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Avro", "Json", "Protobuf"})
    void createTableMakesTheStreamAndGroupAndTheTableReadsAndWritesWithoutOptions(String format)
            throws Exception {
        tEnv.executeSql(
                "CREATE TABLE readings (id INT NOT NULL, name STRING, temperature DOUBLE) "
                        + "WITH ('pravega-registry.format' = '"
                        + format
                        + "')");

        assertThat(streams.checkStreamExists(scope, "readings")).isTrue();
        assertThat(groupExists(scope, "readings")).isTrue();
        assertThat(column("SHOW TABLES")).containsExactly("readings");
        assertThat(column("DESCRIBE readings")).containsExactly("id", "name", "temperature");

        tEnv.executeSql("INSERT INTO readings VALUES (1, 'a', 1.5), (2, CAST(NULL AS STRING), 2.5)")
                .await();
        List<Row> rows =
                collectAll(
                        tEnv.executeSql(
                                "SELECT id, name, temperature FROM readings "
                                        + "/*+ OPTIONS('scan.execution.type' = 'batch') */ ORDER BY id"));
        assertThat(rows).containsExactly(Row.of(1, "a", 1.5), Row.of(2, null, 2.5));

        assertThatThrownBy(() -> tEnv.executeSql("CREATE TABLE readings (id INT)"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("already exists"));
        tEnv.executeSql("CREATE TABLE IF NOT EXISTS readings (id INT)");

        tEnv.executeSql("DROP TABLE readings");
        assertThat(streams.checkStreamExists(scope, "readings")).isFalse();
        assertThat(groupExists(scope, "readings")).isFalse();
        assertThat(column("SHOW TABLES")).isEmpty();
        assertThatThrownBy(() -> tEnv.executeSql("DROP TABLE readings"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("does not exist"));
        tEnv.executeSql("DROP TABLE IF EXISTS readings");
    }

    @Test
    void aStreamThatAPlainApplicationWroteWithAGroupIsATable() throws Exception {
        streams.createStream(
                scope, "sensors", io.pravega.client.stream.StreamConfiguration.builder().build());
        streams.createStream(
                scope, "nogroup", io.pravega.client.stream.StreamConfiguration.builder().build());
        Stream sensors = Stream.of(scope, "sensors");
        RegistryApp app =
                new RegistryApp(CLUSTER.getSchemaRegistryURI(), SerializationFormat.Avro, sensors);
        app.createGroup(Compatibility.backward());
        List<Reading> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            written.add(new Reading(i, "s" + i, i * 1.5));
        }
        app.write(CLUSTER.getClientConfig(), sensors, written);

        assertThat(column("SHOW TABLES")).containsExactly("sensors");
        assertThat(column("DESCRIBE sensors")).containsExactly("id", "name", "temperature");
        List<Row> rows =
                collectAll(
                        tEnv.executeSql(
                                "SELECT id, name, temperature FROM sensors "
                                        + "/*+ OPTIONS('scan.execution.type' = 'batch') */"));
        assertThat(
                        rows.stream()
                                .map(
                                        r ->
                                                new Reading(
                                                        (Integer) r.getField(0),
                                                        (String) r.getField(1),
                                                        (Double) r.getField(2)))
                                .collect(Collectors.toList()))
                .containsExactlyElementsOf(written);
    }

    @Test
    void badInputGetsAMessageThatSaysWhatIsWrong() throws Exception {
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "CREATE TABLE t (id INT) WITH ('scan.streams' = 'x')"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("Option 'scan.streams'")
                                        .contains("is not supported"));
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "CREATE TABLE t (id INT) WITH ('pravega-registry.format' = 'Thrift')"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("Unknown serialization format 'Thrift'"));
        assertThat(streams.checkStreamExists(scope, "t")).as("nothing half-made").isFalse();
        assertThatThrownBy(() -> tEnv.executeSql("CREATE TABLE nodb.t (id INT)"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("does not exist"));
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "CREATE CATALOG bad WITH ('type' = 'pravega', 'controller-uri' = '"
                                                + CLUSTER.getControllerURI()
                                                + "', 'schema-registry-uri' = 'not a uri', 'default-database' = 'x')"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("'schema-registry-uri' is not a valid URI"));
        tEnv.executeSql(
                "CREATE CATALOG deadregistry WITH ('type' = 'pravega', 'controller-uri' = '"
                        + CLUSTER.getControllerURI()
                        + "', 'schema-registry-uri' = 'http://127.0.0.1:1', 'default-database' = '"
                        + scope
                        + "', 'timeout' = '10 s')");
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql("SHOW TABLES FROM deadregistry." + scope)
                                        .collect()
                                        .forEachRemaining(r -> {}))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("Schema Registry at http://127.0.0.1:1"));
    }
}
