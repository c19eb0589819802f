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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/**
 * Options of the {@code 'pravega-registry'} format. In a table's {@code WITH} clause each key is
 * prefixed with {@code 'pravega-registry.'}.
 */
@PublicEvolving
public final class PravegaRegistryOptions {

    public static final ConfigOption<String> URI =
            ConfigOptions.key("uri")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The Schema Registry's REST URI, for example 'http://localhost:9092'. Required.");

    public static final ConfigOption<String> NAMESPACE =
            ConfigOptions.key("namespace")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The registry namespace of the group. Default: the stream's scope.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group-id")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The registry group that holds the schemas. Default: the name of the stream "
                                    + "the table reads ('scan.streams', one stream) or writes ('sink.stream').");

    public static final ConfigOption<String> FORMAT =
            ConfigOptions.key("format")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The serialization format to write: 'Avro', 'Json' or 'Protobuf'. Default: the "
                                    + "group's serialization format; required only for a group that allows 'Any'. "
                                    + "Reading needs no format: each event's encoding id names its schema.");

    public static final ConfigOption<Duration> TIMEOUT =
            ConfigOptions.key("timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "How long a call to the registry may take before the job fails with a message "
                                    + "that names the registry.");

    private PravegaRegistryOptions() {}
}
