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
import io.pravega.connectors.flink.FlinkPravegaWriter;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;
import java.util.List;

import static org.apache.flink.configuration.description.TextElement.text;

/**
 * The options of the {@code 'pravega'} table connector. The keys are those of the original Pravega
 * connector, so existing DDL keeps working; {@code scan.startup.mode}, {@code scan.parallelism},
 * {@code sink.parallelism} and {@code sink.delivery-guarantee} are added the way the Kafka
 * connector names them. Defaults come from the DataStream builders.
 */
@PublicEvolving
public final class PravegaOptions {

    private PravegaOptions() {}

    // ------------------------------------------------------------------------------ connection

    public static final ConfigOption<String> CONTROLLER_URI =
            ConfigOptions.key("controller-uri")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The Pravega controller URI, e.g. 'tcp://localhost:9090', or 'tls://host:9090' for TLS.");

    public static final ConfigOption<String> SCOPE =
            ConfigOptions.key("scope")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The scope of unqualified stream names in 'scan.streams' and 'sink.stream', and of the "
                                    + "reader group. Optional when every stream is written as "
                                    + "'scope/stream'.");

    public static final ConfigOption<String> SECURITY_AUTH_TYPE =
            ConfigOptions.key("security.auth-type")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The authentication type sent to Pravega, e.g. 'Basic' or 'Bearer'. "
                                    + "Set together with 'security.auth-token'.");

    public static final ConfigOption<String> SECURITY_AUTH_TOKEN =
            ConfigOptions.key("security.auth-token")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The authentication token, e.g. base64('user:password') for 'Basic'. "
                                    + "Never logged or shown in plans.");

    public static final ConfigOption<Boolean> SECURITY_VALIDATE_HOSTNAME =
            ConfigOptions.key("security.validate-hostname")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "With TLS, whether the segment stores' certificates must name the hosts the "
                                    + "controller hands out. Pravega's client always checks the "
                                    + "controller's certificate "
                                    + "against the host in 'controller-uri', whatever this option "
                                    + "says.");

    public static final ConfigOption<String> SECURITY_TRUST_STORE =
            ConfigOptions.key("security.trust-store")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "With TLS, the path of the CA certificate (PEM) or trust store that signs the "
                                    + "Pravega server certificates, on every Flink machine.");

    // ------------------------------------------------------------------------------------ scan

    public static final ConfigOption<ExecutionType> SCAN_EXECUTION_TYPE =
            ConfigOptions.key("scan.execution.type")
                    .enumType(ExecutionType.class)
                    .defaultValue(ExecutionType.STREAMING)
                    .withDescription(
                            "'streaming' reads without end through a reader group; 'batch' reads to the end "
                                    + "StreamCuts, or to the tail as it is when the job starts, "
                                    + "segment by segment in parallel.");

    public static final ConfigOption<List<String>> SCAN_STREAMS =
            ConfigOptions.key("scan.streams")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "The streams to read, separated by ';': 'stream' (in 'scope') or 'scope/stream'. "
                                    + "Required to read from the table.");

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE =
            ConfigOptions.key("scan.startup.mode")
                    .enumType(StartupMode.class)
                    .noDefaultValue()
                    .withDescription(
                            "Where reading starts. Default: 'specific-streamcuts' when 'scan.start-streamcuts' "
                                    + "is set, otherwise 'earliest'.");

    public static final ConfigOption<List<String>> SCAN_START_STREAMCUTS =
            ConfigOptions.key("scan.start-streamcuts")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Start StreamCuts, one per stream of 'scan.streams' in the same order, separated by "
                                    + "';': the text of StreamCut.asText(), or 'UNBOUNDED' for the "
                                    + "head.");

    public static final ConfigOption<List<String>> SCAN_END_STREAMCUTS =
            ConfigOptions.key("scan.end-streamcuts")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "End StreamCuts, one per stream of 'scan.streams', separated by ';': the text of "
                                    + "StreamCut.asText(), or 'UNBOUNDED' for none. A read with "
                                    + "end StreamCuts on every stream is "
                                    + "bounded.");

    public static final ConfigOption<String> SCAN_READER_GROUP_NAME =
            ConfigOptions.key("scan.reader-group.name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The reader group of a streaming read. Default: a generated name; the connector "
                                    + "deletes groups it generated when the job ends.");

    public static final ConfigOption<Integer> SCAN_READER_GROUP_MAX_OUTSTANDING_CHECKPOINT_REQUEST =
            ConfigOptions.key("scan.reader-group.max-outstanding-checkpoint-request")
                    .intType()
                    .defaultValue(
                            FlinkPravegaReader.Builder.DEFAULT_MAX_OUTSTANDING_CHECKPOINT_REQUEST)
                    .withDescription(
                            "How many reader-group checkpoints may be in progress at once.");

    public static final ConfigOption<Duration> SCAN_READER_GROUP_REFRESH_INTERVAL =
            ConfigOptions.key("scan.reader-group.refresh.interval")
                    .durationType()
                    .defaultValue(FlinkPravegaReader.Builder.DEFAULT_READER_GROUP_REFRESH_TIME)
                    .withDescription(
                            "How often readers refresh the reader group's state, e.g. to pick up new "
                                    + "segments after scaling.");

    public static final ConfigOption<Duration> SCAN_SEGMENT_RELEASE_INTERVAL =
            ConfigOptions.key("scan.segment-release.interval")
                    .durationType()
                    .defaultValue(FlinkPravegaReader.Builder.DEFAULT_SEGMENT_RELEASE_INTERVAL)
                    .withDescription(
                            "How long a streaming read may go without a reader-group checkpoint. Readers "
                                    + "reach the successors of a scaled stream's segments only at "
                                    + "such checkpoints; when "
                                    + "no Flink checkpoint came for this long, the source starts a "
                                    + "release checkpoint of "
                                    + "its own, which costs one small update of the reader group's "
                                    + "state per reader. A "
                                    + "checkpointed batch read hands out a finished segment's "
                                    + "successors at the next "
                                    + "completed checkpoint (strict per-key order), or after this "
                                    + "long.");

    public static final ConfigOption<Duration>
            SCAN_READER_GROUP_CHECKPOINT_INITIATE_TIMEOUT_INTERVAL =
                    ConfigOptions.key("scan.reader-group.checkpoint-initiate-timeout.interval")
                            .durationType()
                            .defaultValue(
                                    FlinkPravegaReader.Builder.DEFAULT_CHECKPOINT_INITIATE_TIMEOUT)
                            .withDescription(
                                    "How long a Flink checkpoint waits to start its reader-group checkpoint.");

    public static final ConfigOption<Duration> SCAN_EVENT_READ_TIMEOUT_INTERVAL =
            ConfigOptions.key("scan.event-read.timeout.interval")
                    .durationType()
                    .defaultValue(FlinkPravegaReader.Builder.DEFAULT_EVENT_READ_TIMEOUT)
                    .withDescription(
                            "How long one read waits for an event before the reader checks for "
                                    + "checkpoints and cancellation again.");

    public static final ConfigOption<DeliveryGuarantee> SCAN_DELIVERY_GUARANTEE =
            ConfigOptions.key("scan.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription(
                            "A streaming read's guarantee after a failure. 'exactly-once' holds each "
                                    + "reader's events at a checkpoint until the barrier passes "
                                    + "(about one reader-group "
                                    + "refresh). 'at-least-once' never holds; after a failure, "
                                    + "events read since the "
                                    + "stored reader-group checkpoint (at most about one "
                                    + "checkpoint interval or "
                                    + "'scan.segment-release.interval') may be read again. 'none' "
                                    + "reads the same way.");

    public static final ConfigOption<Duration> SCAN_WATERMARK_ALLOWED_LATENESS =
            ConfigOptions.key("scan.watermark.allowed-lateness")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "With 'WATERMARK FOR rowtime AS SOURCE_WATERMARK()': how far the watermarks "
                                    + "stay behind the lower bound of the streams' Pravega time "
                                    + "windows, for writers whose "
                                    + "noted times run ahead of some of their events.");

    public static final ConfigOption<String> SCAN_UID =
            ConfigOptions.key("scan.uid")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The uid of the source operator, to keep its state across changes of the query. "
                                    + "Default: the uid the planner generates.");

    // ------------------------------------------------------------------------------------ sink

    public static final ConfigOption<String> SINK_STREAM =
            ConfigOptions.key("sink.stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The stream to write: 'stream' (in 'scope') or 'scope/stream'. "
                                    + "Required to write to the table.");

    public static final ConfigOption<SinkSemantic> SINK_SEMANTIC =
            ConfigOptions.key("sink.semantic")
                    .enumType(SinkSemantic.class)
                    .noDefaultValue()
                    .withDescription(
                            "The writer's guarantee; default 'at-least-once'. 'exactly-once' writes through "
                                    + "Pravega transactions committed at checkpoints.");

    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE =
            ConfigOptions.key("sink.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .noDefaultValue()
                    .withDescription(
                            "Flink's name for 'sink.semantic': 'none', 'at-least-once' or 'exactly-once'. "
                                    + "Set one of the two.");

    public static final ConfigOption<Duration> SINK_TXN_LEASE_RENEWAL_INTERVAL =
            ConfigOptions.key("sink.txn-lease-renewal.interval")
                    .durationType()
                    .defaultValue(FlinkPravegaWriter.Builder.DEFAULT_TXN_LEASE_RENEWAL_PERIOD)
                    .withDescription(
                            "'exactly-once' only: the lease of each transaction (10 s to 10 min). It "
                                    + "must outlast the longest restart or network outage: a "
                                    + "transaction whose lease runs out before its commit is lost.");

    public static final ConfigOption<Boolean> SINK_ENABLE_WATERMARK_PROPAGATION =
            ConfigOptions.key("sink.enable.watermark-propagation")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Passes Flink watermarks to Pravega, so that Pravega readers see time windows.");

    public static final ConfigOption<String> SINK_ROUTING_KEY_FIELD_NAME =
            ConfigOptions.key("sink.routing-key.field.name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A STRING column whose value is each event's routing key: Pravega keeps the "
                                    + "order of the events of one key. Alternatively, write the "
                                    + "'routing_key' metadata "
                                    + "column. Default: no routing key.");

    public static final ConfigOption<Boolean> SINK_CREATE_STREAM_ENABLED =
            ConfigOptions.key("sink.create-stream.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Creates 'sink.stream' and its scope when the job starts, if they do not exist, "
                                    + "with 'sink.create-stream.segments' fixed segments. An "
                                    + "existing stream is used as it "
                                    + "is. Off: a missing stream fails the job at start.");

    public static final ConfigOption<Integer> SINK_CREATE_STREAM_SEGMENTS =
            ConfigOptions.key("sink.create-stream.segments")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "With 'sink.create-stream.enabled': the number of segments of the created "
                                    + "stream (a fixed scaling policy). Segments bound how many "
                                    + "readers read in parallel.");

    // ----------------------------------------------------------------------------------- enums

    /** How a table is read. */
    @PublicEvolving
    public enum ExecutionType implements DescribedEnum {
        STREAMING("streaming", "Unbounded, through a reader group."),
        BATCH(
                "batch",
                "Bounded, segment-parallel, to the end StreamCuts or the tail at job start.");

        private final String value;
        private final String description;

        ExecutionType(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** Where a read starts. */
    @PublicEvolving
    public enum StartupMode implements DescribedEnum {
        EARLIEST("earliest", "The head of each stream."),
        LATEST("latest", "The tail of each stream as it is when the job starts."),
        SPECIFIC_STREAMCUTS("specific-streamcuts", "The StreamCuts of 'scan.start-streamcuts'.");

        private final String value;
        private final String description;

        StartupMode(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** The writer's guarantee, in the original connector's words. */
    @PublicEvolving
    public enum SinkSemantic implements DescribedEnum {
        BEST_EFFORT("best-effort", "Writes may be lost on failure."),
        AT_LEAST_ONCE("at-least-once", "Flushes at every checkpoint; duplicates after a failure."),
        EXACTLY_ONCE("exactly-once", "Pravega transactions committed at checkpoints.");

        private final String value;
        private final String description;

        SinkSemantic(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }
}
