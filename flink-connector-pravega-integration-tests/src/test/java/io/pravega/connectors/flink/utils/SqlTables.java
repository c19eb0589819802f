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
package io.pravega.connectors.flink.utils;

import io.pravega.client.stream.Stream;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Table environments and DDL for the SQL ITCases. */
public final class SqlTables {

    private SqlTables() {}

    /** A table environment on the test's MiniCluster. */
    public static StreamTableEnvironment tableEnvironment(
            RuntimeExecutionMode mode, int parallelism, long checkpointInterval, int restarts) {
        StreamExecutionEnvironment env =
                TestEnvironments.environment(parallelism, checkpointInterval, restarts);
        env.setRuntimeMode(mode);
        return StreamTableEnvironment.create(env);
    }

    /**
     * {@code CREATE TABLE name (columns) WITH ('connector' = 'pravega', ...)} reading and writing
     * one stream.
     */
    public static String createTable(
            String name, String columns, URI controller, Stream stream, String... options) {
        StringBuilder ddl =
                new StringBuilder("CREATE TABLE ")
                        .append(name)
                        .append(" (")
                        .append(columns)
                        .append(") WITH (")
                        .append("'connector' = 'pravega', ")
                        .append("'controller-uri' = '")
                        .append(controller)
                        .append("', ")
                        .append("'scope' = '")
                        .append(stream.getScope())
                        .append("', ")
                        .append("'scan.streams' = '")
                        .append(stream.getStreamName())
                        .append("', ")
                        .append("'sink.stream' = '")
                        .append(stream.getStreamName())
                        .append("'");
        for (int i = 0; i + 1 < options.length; i += 2) {
            ddl.append(", '").append(options[i]).append("' = '").append(options[i + 1]).append("'");
        }
        return ddl.append(")").toString();
    }

    /** The first {@code count} rows of a query; closing the iterator cancels an unbounded job. */
    public static List<Row> collect(TableResult result, int count) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = result.collect()) {
            while (rows.size() < count && iterator.hasNext()) {
                rows.add(iterator.next());
            }
        }
        return rows;
    }

    /** All rows of a bounded query. */
    public static List<Row> collectAll(TableResult result) throws Exception {
        return collect(result, Integer.MAX_VALUE);
    }
}
