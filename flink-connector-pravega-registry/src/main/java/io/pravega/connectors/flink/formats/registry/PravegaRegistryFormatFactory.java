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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.pravega.connectors.flink.formats.registry.PravegaRegistryOptions.FORMAT;
import static io.pravega.connectors.flink.formats.registry.PravegaRegistryOptions.GROUP_ID;
import static io.pravega.connectors.flink.formats.registry.PravegaRegistryOptions.NAMESPACE;
import static io.pravega.connectors.flink.formats.registry.PravegaRegistryOptions.TIMEOUT;
import static io.pravega.connectors.flink.formats.registry.PravegaRegistryOptions.URI;

/**
 * The {@code 'pravega-registry'} format. The registry group defaults to the table's stream and the
 * namespace to its scope, so that a table over stream {@code s} of scope {@code c} uses the group
 * that Pravega applications conventionally name after it.
 */
@Internal
public final class PravegaRegistryFormatFactory
        implements DeserializationFormatFactory, SerializationFormatFactory {

    public static final String IDENTIFIER = "pravega-registry";

    // The connector's options, read from the table to find its stream.
    private static final String SCOPE = "scope";
    private static final String SCAN_STREAMS = "scan.streams";
    private static final String SINK_STREAM = "sink.stream";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new HashSet<>(List.of(URI));
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new HashSet<>(Arrays.asList(NAMESPACE, GROUP_ID, FORMAT, TIMEOUT));
    }

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        RegistryGroup group = group(context, formatOptions, SCAN_STREAMS);
        return new DecodingFormat<>() {
            @Override
            public DeserializationSchema<RowData> createRuntimeDecoder(
                    DynamicTableSource.Context runtime, DataType physicalDataType) {
                return new RegistryRowDataDeserializationSchema(
                        (RowType) physicalDataType.getLogicalType(),
                        runtime.createTypeInformation(physicalDataType),
                        group);
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    @Override
    public EncodingFormat<SerializationSchema<RowData>> createEncodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        RegistryGroup group = group(context, formatOptions, SINK_STREAM);
        RegistryRowFormat format =
                formatOptions.getOptional(FORMAT).map(f -> parse(f)).orElse(null);
        return new EncodingFormat<>() {
            @Override
            public SerializationSchema<RowData> createRuntimeEncoder(
                    DynamicTableSink.Context runtime, DataType physicalDataType) {
                return new RegistryRowDataSerializationSchema(
                        (RowType) physicalDataType.getLogicalType(), group, format);
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    private static RegistryRowFormat parse(String format) {
        try {
            return RegistryRowFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("'pravega-registry.format': " + e.getMessage(), e);
        }
    }

    private static RegistryGroup group(
            DynamicTableFactory.Context context, ReadableConfig formatOptions, String streamKey) {
        Map<String, String> table = context.getCatalogTable().getOptions();
        String[] scopeAndStream = stream(table, streamKey);
        String groupId =
                formatOptions
                        .getOptional(GROUP_ID)
                        .orElseGet(() -> scopeAndStream == null ? null : scopeAndStream[1]);
        if (groupId == null) {
            throw new ValidationException(
                    "'pravega-registry.group-id' is required: the table's '"
                            + streamKey
                            + "' does not name exactly one stream to name the group after.");
        }
        String namespace =
                formatOptions
                        .getOptional(NAMESPACE)
                        .orElseGet(() -> scopeAndStream == null ? null : scopeAndStream[0]);
        return new RegistryGroup(
                uri(formatOptions.get(URI)), namespace, groupId, formatOptions.get(TIMEOUT));
    }

    /** The table's one stream under {@code key} as {scope, stream}, or null. */
    @Nullable
    private static String[] stream(Map<String, String> table, String key) {
        String value = table.get(key);
        if (value == null) {
            return null;
        }
        List<String> streams =
                Arrays.stream(value.split(";"))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toList());
        if (streams.size() != 1) {
            return null;
        }
        String spec = streams.get(0);
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            return new String[] {spec.substring(0, slash), spec.substring(slash + 1)};
        }
        return new String[] {table.get(SCOPE), spec};
    }

    private static URI uri(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(
                        value, "expected http://host:port or https://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ValidationException(
                    "'pravega-registry.uri' is not a valid registry URI: '"
                            + value
                            + "' ("
                            + e.getMessage()
                            + "). Expected, for example, 'http://localhost:9092'.",
                    e);
        }
    }
}
