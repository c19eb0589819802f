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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/** Options of the Pravega catalog, {@code CREATE CATALOG c WITH ('type' = 'pravega', ...)}. */
@PublicEvolving
public final class PravegaCatalogOptions {

    public static final String IDENTIFIER = "pravega";

    public static final ConfigOption<String> CONTROLLER_URI =
            ConfigOptions.key("controller-uri")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The Pravega controller URI, e.g. 'tcp://localhost:9090'. Required.");

    public static final ConfigOption<String> SCHEMA_REGISTRY_URI =
            ConfigOptions.key("schema-registry-uri")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The Schema Registry REST URI, e.g. 'http://localhost:9092'. Required.");

    public static final ConfigOption<String> DEFAULT_DATABASE =
            ConfigOptions.key("default-database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The scope used when a statement names no database. Required; created if missing.");

    public static final ConfigOption<String> SERIALIZATION_FORMAT =
            ConfigOptions.key("serialization-format")
                    .stringType()
                    .defaultValue("Avro")
                    .withDescription(
                            "The serialization format of the groups CREATE TABLE creates: 'Avro', 'Json' or "
                                    + "'Protobuf'. A table may choose its own with "
                                    + "'pravega-registry.format' in its WITH clause.");

    public static final ConfigOption<String> COMPATIBILITY =
            ConfigOptions.key("compatibility")
                    .stringType()
                    .defaultValue("backward")
                    .withDescription(
                            "The compatibility policy of the groups CREATE TABLE creates: 'backward', "
                                    + "'forward', 'full', 'backwardTransitive', 'forwardTransitive', "
                                    + "'fullTransitive', 'allowAny' or 'denyAll'.");

    public static final ConfigOption<Duration> TIMEOUT =
            ConfigOptions.key("timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "How long a call to the controller or the registry may take before the "
                                    + "statement fails with a message that names it.");

    private PravegaCatalogOptions() {}
}
