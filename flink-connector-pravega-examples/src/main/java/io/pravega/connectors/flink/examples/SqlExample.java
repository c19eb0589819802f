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

import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.testing.ProgramOptions;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Pravega from SQL: declares a table on a stream, writes orders into it with {@code INSERT INTO},
 * then reads them back as a batch query that sums the amounts per product. Against an embedded
 * Pravega unless {@code --controller tcp://host:port} is given.
 */
public final class SqlExample {

    private SqlExample() {}

    public static void main(String[] args) throws Exception {
        ProgramOptions params = ProgramOptions.parse(args);
        try (ExamplePravega pravega = ExamplePravega.connect(params, "examples")) {
            Stream stream = pravega.createStream(params.get("stream", "orders"), 3);
            TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());

            tEnv.executeSql(
                    "CREATE TABLE orders (\n"
                            + "  order_id INT,\n"
                            + "  product STRING,\n"
                            + "  amount DOUBLE\n"
                            + ") WITH (\n"
                            + "  'connector' = 'pravega',\n"
                            + "  'controller-uri' = '"
                            + pravega.config().getControllerURI()
                            + "',\n"
                            + "  'scope' = '"
                            + stream.getScope()
                            + "',\n"
                            + "  'scan.streams' = '"
                            + stream.getStreamName()
                            + "',\n"
                            + "  'scan.execution.type' = 'batch',\n"
                            + "  'sink.stream' = '"
                            + stream.getStreamName()
                            + "',\n"
                            + "  'sink.routing-key.field.name' = 'product',\n"
                            + "  'format' = 'json'\n"
                            + ")");

            tEnv.executeSql(
                            "INSERT INTO orders VALUES "
                                    + "(1, 'apples', 3.5), (2, 'pears', 2.0), (3, 'apples', 1.5), "
                                    + "(4, 'plums', 4.25), (5, 'pears', 1.0)")
                    .await();

            tEnv.executeSql(
                            "SELECT product, COUNT(*) AS orders, SUM(amount) AS total "
                                    + "FROM orders GROUP BY product ORDER BY product")
                    .print();
        }
    }
}
