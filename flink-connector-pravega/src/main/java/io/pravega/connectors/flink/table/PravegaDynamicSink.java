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

import io.pravega.connectors.flink.FlinkPravegaWriter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a Pravega table with {@link FlinkPravegaWriter}, encoding rows with the table's format.
 */
@Internal
final class PravegaDynamicSink implements DynamicTableSink, SupportsWritingMetadata {

    /** The one writable metadata column. */
    static final String ROUTING_KEY = "routing_key";

    private final Supplier<FlinkPravegaWriter.Builder<RowData>> writer;
    private final EncodingFormat<SerializationSchema<RowData>> format;
    private final DataType physicalDataType;

    /** Position of the {@code sink.routing-key.field.name} column, or -1. */
    private final int routingKeyField;

    @Nullable private final Integer parallelism;

    private List<String> metadataKeys = new ArrayList<>();

    /**
     * @param writer a builder configured with everything but the serialization schema and the
     *     router, which depend on the columns the query writes
     */
    PravegaDynamicSink(
            Supplier<FlinkPravegaWriter.Builder<RowData>> writer,
            EncodingFormat<SerializationSchema<RowData>> format,
            DataType physicalDataType,
            int routingKeyField,
            @Nullable Integer parallelism) {
        this.writer = writer;
        this.format = format;
        this.physicalDataType = physicalDataType;
        this.routingKeyField = routingKeyField;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return format.getChangelogMode();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        int physicalColumns = DataType.getFieldCount(physicalDataType);
        boolean routingKeyColumn = metadataKeys.contains(ROUTING_KEY);
        if (routingKeyColumn && routingKeyField >= 0) {
            throw new ValidationException(
                    "The table sets the routing key twice: by the 'routing_key' metadata column "
                            + "and by 'sink.routing-key.field.name'. Keep one of them.");
        }
        int routingKey =
                routingKeyColumn
                        ? physicalColumns + metadataKeys.indexOf(ROUTING_KEY)
                        : routingKeyField;
        FlinkPravegaWriter.Builder<RowData> builder =
                writer.get()
                        .withSerializationSchema(
                                new RowDataSerializationSchema(
                                        format.createRuntimeEncoder(context, physicalDataType),
                                        physicalColumns,
                                        !metadataKeys.isEmpty()));
        if (routingKey >= 0) {
            builder.withEventRouter(new RowDataEventRouter(routingKey));
        }
        return SinkV2Provider.of(builder.build(), parallelism);
    }

    @Override
    public Map<String, DataType> listWritableMetadata() {
        return Collections.singletonMap(ROUTING_KEY, DataTypes.STRING().nullable());
    }

    @Override
    public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {
        this.metadataKeys = new ArrayList<>(metadataKeys);
    }

    @Override
    public DynamicTableSink copy() {
        PravegaDynamicSink copy =
                new PravegaDynamicSink(
                        writer, format, physicalDataType, routingKeyField, parallelism);
        copy.metadataKeys = new ArrayList<>(metadataKeys);
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Pravega";
    }
}
