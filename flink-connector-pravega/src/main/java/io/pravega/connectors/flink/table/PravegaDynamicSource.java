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

import io.pravega.connectors.flink.FlinkPravegaReader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsSourceWatermark;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Pravega table with {@link FlinkPravegaReader}, decoding events with the table's format.
 */
@Internal
final class PravegaDynamicSource
        implements ScanTableSource, SupportsReadingMetadata, SupportsSourceWatermark {

    private final ReaderBuilders reader;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType physicalDataType;
    private final String name;
    @Nullable private final String uid;
    @Nullable private final Integer parallelism;
    private final boolean bounded;

    /** Set by {@code WATERMARK FOR ... AS SOURCE_WATERMARK()}. */
    private boolean sourceWatermark;

    private List<ReadableMetadata> metadata = new ArrayList<>();
    private DataType producedDataType;

    /**
     * @param reader builders configured with everything but the deserialization schema, which
     *     depends on the metadata columns the query reads
     */
    PravegaDynamicSource(
            ReaderBuilders reader,
            DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalDataType,
            String name,
            @Nullable String uid,
            @Nullable Integer parallelism,
            boolean bounded) {
        this.reader = reader;
        this.format = format;
        this.physicalDataType = physicalDataType;
        this.producedDataType = physicalDataType;
        this.name = name;
        this.uid = uid;
        this.parallelism = parallelism;
        this.bounded = bounded;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return format.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        TypeInformation<RowData> producedType = context.createTypeInformation(producedDataType);
        FlinkPravegaReader<RowData> source =
                reader.create(sourceWatermark)
                        .withDeserializationSchema(
                                new RowDataDeserializationSchema(
                                        format.createRuntimeDecoder(context, physicalDataType),
                                        metadata,
                                        producedType))
                        .build();
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext providerContext, StreamExecutionEnvironment env) {
                DataStreamSource<RowData> stream =
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), name);
                Optional<String> generated = providerContext.generateUid("pravega-source");
                if (uid != null) {
                    stream.uid(uid);
                } else {
                    generated.ifPresent(stream::uid);
                }
                if (parallelism != null) {
                    stream.setParallelism(parallelism);
                }
                return stream;
            }

            @Override
            public boolean isBounded() {
                return bounded;
            }

            @Override
            public Optional<Integer> getParallelism() {
                return Optional.ofNullable(parallelism);
            }
        };
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> columns = new LinkedHashMap<>();
        for (ReadableMetadata column : ReadableMetadata.values()) {
            columns.put(column.key, column.dataType);
        }
        return columns;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        List<ReadableMetadata> columns = new ArrayList<>();
        metadataKeys.forEach(key -> columns.add(ReadableMetadata.of(key)));
        this.metadata = columns;
        this.producedDataType = producedDataType;
    }

    /** The watermarks come from the streams' Pravega time windows. */
    @Override
    public void applySourceWatermark() {
        this.sourceWatermark = true;
    }

    @Override
    public DynamicTableSource copy() {
        PravegaDynamicSource copy =
                new PravegaDynamicSource(
                        reader, format, physicalDataType, name, uid, parallelism, bounded);
        copy.sourceWatermark = sourceWatermark;
        copy.metadata = new ArrayList<>(metadata);
        copy.producedDataType = producedDataType;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Pravega";
    }

    /**
     * Makes the table's reader builders; one place decides which reads get time-window watermarks.
     */
    @FunctionalInterface
    interface ReaderBuilders {
        /**
         * @param sourceWatermark whether the query asked for {@code SOURCE_WATERMARK()}; a bounded
         *     read ignores it, since it has no time windows and Flink's final watermark closes them
         */
        FlinkPravegaReader.Builder<RowData> create(boolean sourceWatermark);
    }
}
