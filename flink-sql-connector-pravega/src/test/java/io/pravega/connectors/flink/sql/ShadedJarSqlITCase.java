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
package io.pravega.connectors.flink.sql;

import io.pravega.connectors.flink.testing.EmbeddedPravega;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.pravega.connectors.flink.sql.ShadedJar.FACTORY_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQL through the shaded jar, registered as a user does it: {@code ADD JAR}. The connector is not
 * on this module's test class path, so Flink can only find the 'pravega' factory in the jar, and
 * runs the job with the jar in its child-first user-code class loader (client, JobManager and
 * TaskManager alike).
 *
 * <p>The parent class path is Flink plus the embedded Pravega server, which brings an unshaded
 * Pravega client, gRPC and Netty of its own. Child-first loading takes {@code io.pravega.*} from
 * the jar, and every third-party class the jar uses is relocated, so those parent copies are not
 * what the job runs on; {@link ShadedJarContentsITCase} checks that all the jar's references
 * resolve within the jar, Flink's lib/ or the JDK.
 */
class ShadedJarSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedPravega pravega;

    @BeforeAll
    static void startPravega() {
        pravega = EmbeddedPravega.builder().withSchemaRegistry().start();
    }

    @AfterAll
    static void stopPravega() {
        if (pravega != null) {
            pravega.close();
        }
    }

    @Test
    void theConnectorIsNotOnTheTestClassPath() {
        assertThatThrownBy(() -> Class.forName(FACTORY_CLASS))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void insertsAndSelectsRowsThroughTheShadedJar() throws Exception {
        String scope = "sqljar";
        pravega.createScope(scope);
        pravega.createStream(scope, "people", 2);

        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        String jar = ShadedJar.path().toString();
        tEnv.executeSql("ADD JAR '" + jar + "'");
        assertThat(collect(tEnv.executeSql("SHOW JARS")))
                .extracting(row -> row.getField(0))
                .contains(jar);

        tEnv.executeSql(
                "CREATE TABLE people (id INT, name STRING, score DOUBLE) WITH ("
                        + "'connector' = 'pravega', "
                        + "'controller-uri' = '"
                        + pravega.getControllerURI()
                        + "', "
                        + "'scope' = '"
                        + scope
                        + "', "
                        + "'scan.streams' = 'people', "
                        + "'sink.stream' = 'people', "
                        + "'scan.execution.type' = 'batch', "
                        + "'format' = 'json')");
        tEnv.executeSql(
                        "INSERT INTO people VALUES (1, 'ada', 1.5), (2, 'brian', 2.5), (3, 'cleo', 3.5)")
                .await();

        List<Row> rows = collect(tEnv.executeSql("SELECT id, name, score FROM people"));

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        Row.of(1, "ada", 1.5), Row.of(2, "brian", 2.5), Row.of(3, "cleo", 3.5));
    }

    /**
     * The Pravega catalog and the 'pravega-registry' format, from the jar only: the registry
     * client's REST stack, Avro and Jackson all run relocated in the job's class loader.
     */
    @Test
    void theCatalogAndTheRegistryFormatWorkThroughTheShadedJar() throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql("ADD JAR '" + ShadedJar.path() + "'");
        tEnv.executeSql(
                "CREATE CATALOG pravega WITH ('type' = 'pravega', 'controller-uri' = '"
                        + pravega.getControllerURI()
                        + "', 'schema-registry-uri' = '"
                        + pravega.getSchemaRegistryURI()
                        + "', 'default-database' = 'sqljarregistry')");
        tEnv.useCatalog("pravega");
        tEnv.executeSql("CREATE TABLE readings (id INT NOT NULL, name STRING, temperature DOUBLE)");
        tEnv.executeSql("INSERT INTO readings VALUES (1, 'boiler', 71.5), (2, 'pump', 40.25)")
                .await();

        List<Row> rows =
                collect(
                        tEnv.executeSql(
                                "SELECT id, name, temperature FROM readings "
                                        + "/*+ OPTIONS('scan.execution.type' = 'batch') */"));

        assertThat(rows)
                .containsExactlyInAnyOrder(Row.of(1, "boiler", 71.5), Row.of(2, "pump", 40.25));
        assertThat(collect(tEnv.executeSql("SHOW TABLES")))
                .extracting(row -> row.getField(0))
                .containsExactly("readings");
    }

    private static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = result.collect()) {
            iterator.forEachRemaining(rows::add);
        }
        return rows;
    }
}
