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
package io.pravega.connectors.flink.examples;

import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.testing.ProgramOptions;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import java.net.URI;

/**
 * Flink SQL on Pravega Schema Registry: the Pravega catalog creates a stream and its registry
 * group, an INSERT writes Avro events with the registry's encoding header, and a SELECT reads them
 * back, with no connector options in the statements. Runs on an embedded Pravega and Schema
 * Registry unless given {@code --controller tcp://host:port --schema-registry http://host:port}.
 */
public final class RegistrySqlExample {

    private RegistrySqlExample() {}

    public static void main(String[] args) throws Exception {
        ProgramOptions params = ProgramOptions.parse(args);
        EmbeddedPravega embedded = null;
        URI controller;
        URI registry;
        if (params.has("controller")) {
            controller = URI.create(params.get("controller"));
            registry = URI.create(params.get("schema-registry", "http://localhost:9092"));
        } else {
            System.out.println(
                    "Starting an embedded Pravega and Schema Registry (pass --controller and "
                            + "--schema-registry to use your own)...");
            embedded = EmbeddedPravega.builder().withSchemaRegistry().start();
            controller = embedded.getControllerURI();
            registry = embedded.getSchemaRegistryURI();
        }
        try {
            TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
            tEnv.executeSql(
                    "CREATE CATALOG pravega WITH (\n"
                            + "  'type' = 'pravega',\n"
                            + "  'controller-uri' = '"
                            + controller
                            + "',\n"
                            + "  'schema-registry-uri' = '"
                            + registry
                            + "',\n"
                            + "  'default-database' = '"
                            + params.get("scope", "factory")
                            + "'\n"
                            + ")");
            tEnv.useCatalog("pravega");
            tEnv.executeSql(
                    "CREATE TABLE IF NOT EXISTS readings "
                            + "(sensor STRING NOT NULL, temperature DOUBLE, site STRING)");
            tEnv.executeSql(
                            "INSERT INTO readings VALUES ('boiler', 71.5, 'north'), "
                                    + "('pump', 40.25, 'north'), ('boiler', 73.0, 'south')")
                    .await();

            tEnv.executeSql("SHOW TABLES").print();
            tEnv.executeSql("DESCRIBE readings").print();
            tEnv.executeSql(
                            "SELECT sensor, COUNT(*) AS readings, MAX(temperature) AS hottest "
                                    + "FROM readings /*+ OPTIONS('scan.execution.type' = 'batch') */ "
                                    + "GROUP BY sensor ORDER BY sensor")
                    .print();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
