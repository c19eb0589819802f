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

import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.FlinkPravegaReader;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.table.PravegaOptions.ExecutionType;
import io.pravega.connectors.flink.table.PravegaOptions.SinkSemantic;
import io.pravega.connectors.flink.table.PravegaOptions.StartupMode;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static io.pravega.connectors.flink.table.PravegaOptions.CONTROLLER_URI;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_DELIVERY_GUARANTEE;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_END_STREAMCUTS;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_EVENT_READ_TIMEOUT_INTERVAL;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_EXECUTION_TYPE;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_READER_GROUP_CHECKPOINT_INITIATE_TIMEOUT_INTERVAL;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_READER_GROUP_MAX_OUTSTANDING_CHECKPOINT_REQUEST;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_READER_GROUP_NAME;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_READER_GROUP_REFRESH_INTERVAL;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_SEGMENT_RELEASE_INTERVAL;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_STARTUP_MODE;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_START_STREAMCUTS;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_STREAMS;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_UID;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_WATERMARK_ALLOWED_LATENESS;
import static io.pravega.connectors.flink.table.PravegaOptions.SCOPE;
import static io.pravega.connectors.flink.table.PravegaOptions.SECURITY_AUTH_TOKEN;
import static io.pravega.connectors.flink.table.PravegaOptions.SECURITY_AUTH_TYPE;
import static io.pravega.connectors.flink.table.PravegaOptions.SECURITY_TRUST_STORE;
import static io.pravega.connectors.flink.table.PravegaOptions.SECURITY_VALIDATE_HOSTNAME;
import static io.pravega.connectors.flink.table.PravegaOptions.SINK_CREATE_STREAM_ENABLED;
import static io.pravega.connectors.flink.table.PravegaOptions.SINK_CREATE_STREAM_SEGMENTS;
import static io.pravega.connectors.flink.table.PravegaOptions.SINK_DELIVERY_GUARANTEE;
import static io.pravega.connectors.flink.table.PravegaOptions.SINK_ENABLE_WATERMARK_PROPAGATION;
import static io.pravega.connectors.flink.table.PravegaOptions.SINK_ROUTING_KEY_FIELD_NAME;
import static io.pravega.connectors.flink.table.PravegaOptions.SINK_SEMANTIC;
import static io.pravega.connectors.flink.table.PravegaOptions.SINK_STREAM;
import static io.pravega.connectors.flink.table.PravegaOptions.SINK_TXN_LEASE_RENEWAL_INTERVAL;

/**
 * The {@code 'pravega'} table connector: reads with {@link FlinkPravegaReader}, writes with {@link
 * FlinkPravegaWriter}, and encodes rows with any of Flink's formats. Option errors are {@link
 * ValidationException}s that name the option and the fix.
 */
@Internal
public final class PravegaDynamicTableFactory
        implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "pravega";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.add(CONTROLLER_URI);
        options.add(FactoryUtil.FORMAT);
        return options;
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.add(SCOPE);
        options.add(SECURITY_AUTH_TYPE);
        options.add(SECURITY_AUTH_TOKEN);
        options.add(SECURITY_VALIDATE_HOSTNAME);
        options.add(SECURITY_TRUST_STORE);
        options.add(SCAN_EXECUTION_TYPE);
        options.add(SCAN_STREAMS);
        options.add(SCAN_STARTUP_MODE);
        options.add(SCAN_START_STREAMCUTS);
        options.add(SCAN_END_STREAMCUTS);
        options.add(SCAN_READER_GROUP_NAME);
        options.add(SCAN_READER_GROUP_MAX_OUTSTANDING_CHECKPOINT_REQUEST);
        options.add(SCAN_READER_GROUP_REFRESH_INTERVAL);
        options.add(SCAN_SEGMENT_RELEASE_INTERVAL);
        options.add(SCAN_READER_GROUP_CHECKPOINT_INITIATE_TIMEOUT_INTERVAL);
        options.add(SCAN_EVENT_READ_TIMEOUT_INTERVAL);
        options.add(SCAN_DELIVERY_GUARANTEE);
        options.add(SCAN_UID);
        options.add(SCAN_WATERMARK_ALLOWED_LATENESS);
        options.add(FactoryUtil.SOURCE_PARALLELISM);
        options.add(SINK_STREAM);
        options.add(SINK_SEMANTIC);
        options.add(SINK_DELIVERY_GUARANTEE);
        options.add(SINK_TXN_LEASE_RENEWAL_INTERVAL);
        options.add(SINK_ENABLE_WATERMARK_PROPAGATION);
        options.add(SINK_ROUTING_KEY_FIELD_NAME);
        options.add(SINK_CREATE_STREAM_ENABLED);
        options.add(SINK_CREATE_STREAM_SEGMENTS);
        options.add(FactoryUtil.SINK_PARALLELISM);
        return options;
    }

    /** Options that do not change a running job's state: e.g. a new token after a restart. */
    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.add(CONTROLLER_URI);
        options.add(SECURITY_AUTH_TYPE);
        options.add(SECURITY_AUTH_TOKEN);
        options.add(SECURITY_VALIDATE_HOSTNAME);
        options.add(SECURITY_TRUST_STORE);
        return Collections.unmodifiableSet(options);
    }

    // ---------------------------------------------------------------------------------- source

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(
                        DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        ReadableConfig options = helper.getOptions();

        PravegaConfig pravegaConfig = TableOptionsReader.pravegaConfig(options);
        List<TableOptionsReader.StreamRead> streams =
                TableOptionsReader.streamReads(options, pravegaConfig);
        StartupMode startupMode = TableOptionsReader.startupMode(options);
        boolean batch = options.get(SCAN_EXECUTION_TYPE) == ExecutionType.BATCH;
        boolean bounded =
                batch || streams.stream().allMatch(TableOptionsReader.StreamRead::isBounded);

        Duration watermarkLateness = options.get(SCAN_WATERMARK_ALLOWED_LATENESS);
        PravegaDynamicSource.ReaderBuilders reader =
                sourceWatermark -> {
                    FlinkPravegaReader.Builder<RowData> builder =
                            FlinkPravegaReader.<RowData>builder()
                                    .withPravegaConfig(pravegaConfig)
                                    .withReaderGroupRefreshTime(
                                            options.get(SCAN_READER_GROUP_REFRESH_INTERVAL))
                                    .withSegmentReleaseInterval(
                                            options.get(SCAN_SEGMENT_RELEASE_INTERVAL))
                                    .withCheckpointInitiateTimeout(
                                            options.get(
                                                    SCAN_READER_GROUP_CHECKPOINT_INITIATE_TIMEOUT_INTERVAL))
                                    .withEventReadTimeout(
                                            options.get(SCAN_EVENT_READ_TIMEOUT_INTERVAL))
                                    .withDeliveryGuarantee(options.get(SCAN_DELIVERY_GUARANTEE))
                                    .withMaxOutstandingCheckpointRequest(
                                            options.get(
                                                    SCAN_READER_GROUP_MAX_OUTSTANDING_CHECKPOINT_REQUEST));
                    for (TableOptionsReader.StreamRead stream : streams) {
                        builder.forStream(stream.stream, stream.start, stream.end);
                    }
                    options.getOptional(SCAN_READER_GROUP_NAME)
                            .ifPresent(builder::withReaderGroupName);
                    if (startupMode == StartupMode.LATEST) {
                        builder.startAtTail();
                    }
                    if (batch
                            && !streams.stream()
                                    .allMatch(TableOptionsReader.StreamRead::isBounded)) {
                        builder.boundedToTail();
                    }
                    if (sourceWatermark && !bounded) {
                        builder.withTimeWindowWatermarks(watermarkLateness);
                    }
                    return builder;
                };
        // Builds once here, so that bad settings fail when the table is used, not at job start.
        checkBuilds(
                () ->
                        reader.create(true)
                                .withDeserializationSchema(new NoOpDeserializationSchema())
                                .build(),
                context);

        return new PravegaDynamicSource(
                reader,
                format,
                context.getPhysicalRowDataType(),
                "PravegaSource-" + context.getObjectIdentifier().asSummaryString(),
                options.getOptional(SCAN_UID).orElse(null),
                options.getOptional(FactoryUtil.SOURCE_PARALLELISM).orElse(null),
                bounded);
    }

    // ------------------------------------------------------------------------------------ sink

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        ReadableConfig options = helper.getOptions();

        PravegaConfig pravegaConfig = TableOptionsReader.pravegaConfig(options);
        String streamSpec =
                options.getOptional(SINK_STREAM)
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                "Option 'sink.stream' is required to write to table "
                                                        + context.getObjectIdentifier()
                                                                .asSummaryString()
                                                        + ": the stream to write, as 'stream' (in "
                                                        + "'scope') or 'scope/stream'."));
        Stream stream = TableOptionsReader.resolve(pravegaConfig, streamSpec, SINK_STREAM);
        int segments = options.get(SINK_CREATE_STREAM_SEGMENTS);
        if (segments < 1) {
            throw new ValidationException(
                    "Option 'sink.create-stream.segments' must be at least 1, got "
                            + segments
                            + ".");
        }
        PravegaWriterMode mode = writerMode(options);
        DataType physical = context.getPhysicalRowDataType();
        int routingKeyField =
                options.getOptional(SINK_ROUTING_KEY_FIELD_NAME)
                        .map(field -> routingKeyField(physical, field))
                        .orElse(-1);

        Supplier<FlinkPravegaWriter.Builder<RowData>> writer =
                () -> {
                    FlinkPravegaWriter.Builder<RowData> builder =
                            FlinkPravegaWriter.<RowData>builder()
                                    .withPravegaConfig(pravegaConfig)
                                    .forStream(stream)
                                    .withWriterMode(mode)
                                    .enableWatermark(
                                            options.get(SINK_ENABLE_WATERMARK_PROPAGATION));
                    if (mode == PravegaWriterMode.EXACTLY_ONCE) {
                        builder.withTxnLeaseRenewalPeriod(
                                options.get(SINK_TXN_LEASE_RENEWAL_INTERVAL));
                    }
                    if (options.get(SINK_CREATE_STREAM_ENABLED)) {
                        builder.createStreamIfMissing(
                                ScalingPolicy.fixed(options.get(SINK_CREATE_STREAM_SEGMENTS)));
                    }
                    return builder;
                };
        checkBuilds(
                () -> writer.get().withSerializationSchema(row -> new byte[0]).build(), context);

        return new PravegaDynamicSink(
                writer,
                format,
                physical,
                routingKeyField,
                options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
    }

    /** {@code sink.semantic} and its alias {@code sink.delivery-guarantee}; they must agree. */
    private static PravegaWriterMode writerMode(ReadableConfig options) {
        PravegaWriterMode semantic =
                options.getOptional(SINK_SEMANTIC)
                        .map(PravegaDynamicTableFactory::mode)
                        .orElse(null);
        PravegaWriterMode guarantee =
                options.getOptional(SINK_DELIVERY_GUARANTEE)
                        .map(PravegaWriterMode::of)
                        .orElse(null);
        if (semantic != null && guarantee != null && semantic != guarantee) {
            throw new ValidationException(
                    "'sink.semantic' = '"
                            + options.get(SINK_SEMANTIC)
                            + "' and "
                            + "'sink.delivery-guarantee' = '"
                            + options.get(SINK_DELIVERY_GUARANTEE)
                            + "' disagree. "
                            + "They are two names for one setting: set one of them.");
        }
        if (semantic != null) {
            return semantic;
        }
        return guarantee != null
                ? guarantee
                : PravegaWriterMode.of(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    private static PravegaWriterMode mode(SinkSemantic semantic) {
        switch (semantic) {
            case BEST_EFFORT:
                return PravegaWriterMode.BEST_EFFORT;
            case EXACTLY_ONCE:
                return PravegaWriterMode.EXACTLY_ONCE;
            default:
                return PravegaWriterMode.ATLEAST_ONCE;
        }
    }

    private static int routingKeyField(DataType physical, String field) {
        List<String> names = DataType.getFieldNames(physical);
        int position = names.indexOf(field);
        if (position < 0) {
            throw new ValidationException(
                    "'sink.routing-key.field.name' = '"
                            + field
                            + "' names no physical column. "
                            + "Columns: "
                            + names
                            + ".");
        }
        DataType type = DataType.getFieldDataTypes(physical).get(position);
        if (!type.getLogicalType().is(LogicalTypeFamily.CHARACTER_STRING)) {
            throw new ValidationException(
                    "'sink.routing-key.field.name' = '"
                            + field
                            + "' is a column of type "
                            + type
                            + ", but a routing key is a STRING. Choose a STRING column, or CAST it "
                            + "into one.");
        }
        return position;
    }

    /** Turns the builders' checks into validation errors that name the table. */
    private static void checkBuilds(Runnable build, Context context) {
        try {
            build.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ValidationException(
                    "Invalid options for Pravega table "
                            + context.getObjectIdentifier().asSummaryString()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Stands in for the format while the factory checks the reader's settings. */
    private static final class NoOpDeserializationSchema implements DeserializationSchema<RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData deserialize(byte[] message) {
            return null;
        }

        @Override
        public boolean isEndOfStream(RowData nextElement) {
            return false;
        }

        @Override
        public org.apache.flink.api.common.typeinfo.TypeInformation<RowData> getProducedType() {
            return null;
        }
    }
}
