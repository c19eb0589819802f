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

import io.pravega.connectors.flink.serialization.PravegaDeserializationSchemaWithMetadata;
import io.pravega.connectors.flink.serialization.PravegaEventMetadata;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.util.List;

/**
 * Decodes an event with the table's format and appends the requested metadata columns. Changelog
 * formats may emit several rows, or none, per event; each keeps its row kind.
 */
@Internal
final class RowDataDeserializationSchema extends PravegaDeserializationSchemaWithMetadata<RowData> {

    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> format;
    private final ReadableMetadata[] metadata;
    private final TypeInformation<RowData> producedType;

    RowDataDeserializationSchema(
            DeserializationSchema<RowData> format,
            List<ReadableMetadata> metadata,
            TypeInformation<RowData> producedType) {
        this.format = format;
        this.metadata = metadata.toArray(new ReadableMetadata[0]);
        this.producedType = producedType;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        format.open(context);
    }

    @Override
    public void deserialize(
            byte[] message, PravegaEventMetadata eventMetadata, Collector<RowData> out)
            throws IOException {
        if (metadata.length == 0) {
            format.deserialize(message, out);
            return;
        }
        GenericRowData columns = new GenericRowData(metadata.length);
        for (int i = 0; i < metadata.length; i++) {
            columns.setField(i, metadata[i].converter.apply(eventMetadata));
        }
        format.deserialize(
                message,
                new Collector<>() {
                    @Override
                    public void collect(RowData physical) {
                        out.collect(new JoinedRowData(physical.getRowKind(), physical, columns));
                    }

                    @Override
                    public void close() {}
                });
    }

    /** Not used: a changelog format may turn one event into several rows. */
    @Override
    public RowData deserialize(byte[] message, PravegaEventMetadata eventMetadata) {
        throw new UnsupportedOperationException(
                "Call deserialize(byte[], PravegaEventMetadata, Collector).");
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
