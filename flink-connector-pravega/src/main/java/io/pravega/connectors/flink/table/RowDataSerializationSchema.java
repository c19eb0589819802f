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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;

import java.util.stream.IntStream;

/**
 * Encodes the physical columns of a row with the table's format. Written metadata columns (the
 * routing key) come after the physical ones and are not part of the event.
 */
@Internal
final class RowDataSerializationSchema implements SerializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final SerializationSchema<RowData> format;
    private final int physicalColumns;
    private final boolean hasMetadata;
    private transient ProjectedRowData physical;

    RowDataSerializationSchema(
            SerializationSchema<RowData> format, int physicalColumns, boolean hasMetadata) {
        this.format = format;
        this.physicalColumns = physicalColumns;
        this.hasMetadata = hasMetadata;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        format.open(context);
        physical = ProjectedRowData.from(IntStream.range(0, physicalColumns).toArray());
    }

    @Override
    public byte[] serialize(RowData row) {
        return format.serialize(hasMetadata ? physical.replaceRow(row) : row);
    }
}
