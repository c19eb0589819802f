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
package io.pravega.connectors.flink;

import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.sink.internal.HandOffKey;
import io.pravega.connectors.flink.sink.internal.PravegaCommittable;
import io.pravega.connectors.flink.sink.internal.PravegaCommittableSerializer;
import io.pravega.connectors.flink.sink.internal.PravegaCommitter;
import io.pravega.connectors.flink.sink.internal.PravegaSinkConfig;
import io.pravega.connectors.flink.sink.internal.PravegaSinkWriter;
import io.pravega.connectors.flink.sink.internal.PravegaWriterState;
import io.pravega.connectors.flink.sink.internal.PravegaWriterStateSerializer;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static io.pravega.connectors.flink.util.BuilderChecks.require;

/**
 * Writes a stream of records to a Pravega stream, as a Flink Sink V2.
 *
 * <pre>{@code
 * FlinkPravegaWriter<String> writer = FlinkPravegaWriter.<String>builder()
 *     .withPravegaConfig(PravegaConfig.fromParams(params))
 *     .forStream("scope/stream")
 *     .withSerializationSchema(new PravegaSerializationSchema<>(new UTF8StringSerializer()))
 *     .withEventRouter(event -> event.substring(0, 4))
 *     .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
 *     .build();
 * events.sinkTo(writer);
 * }</pre>
 *
 * <p>{@link PravegaWriterMode#EXACTLY_ONCE} writes each checkpoint's events into one Pravega
 * transaction per writer, committed when the checkpoint completes; readers (which read committed
 * events only) see every record once. It needs checkpointing, or {@code RuntimeExecutionMode.BATCH}
 * (see {@link Builder#allowExactlyOnceWithoutCheckpointing(boolean)} for the exception).
 */
@PublicEvolving
public final class FlinkPravegaWriter<T> extends FlinkLineSink<T>
        implements SupportsCommitter<PravegaCommittable>,
                SupportsWriterState<T, PravegaWriterState>,
                SupportsPreWriteTopology<T> {

    private static final long serialVersionUID = 1L;

    /** Counts transactions Pravega aborted before they could be committed: lost data. */
    public static final String LOST_TRANSACTIONS = "numLostTransactions";

    private final PravegaSinkConfig config;
    private final SerializationSchema<T> schema;
    @Nullable private final PravegaEventRouter<T> router;
    private final boolean exactlyOnceWithoutCheckpointing;

    /**
     * Names this sink to the transaction hand-off between its writers and committers; every
     * deserialized copy in the tasks carries the same one.
     */
    private final String sinkId;

    private FlinkPravegaWriter(
            PravegaSinkConfig config,
            SerializationSchema<T> schema,
            @Nullable PravegaEventRouter<T> router,
            boolean exactlyOnceWithoutCheckpointing) {
        this.config = config;
        this.schema = schema;
        this.router = router;
        this.exactlyOnceWithoutCheckpointing = exactlyOnceWithoutCheckpointing;
        this.sinkId = UUID.randomUUID().toString();
    }

    /** A new builder; {@link Builder#build()} checks its settings. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public PravegaSinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new PravegaSinkWriter<>(
                context,
                config,
                schema,
                router,
                List.of(),
                handOffKey(context.getJobInfo(), context.getTaskInfo()));
    }

    @Override
    public StatefulSinkWriter<T, PravegaWriterState> restoreWriter(
            WriterInitContext context, Collection<PravegaWriterState> recoveredState)
            throws IOException {
        return new PravegaSinkWriter<>(
                context,
                config,
                schema,
                router,
                recoveredState,
                handOffKey(context.getJobInfo(), context.getTaskInfo()));
    }

    @Override
    public SimpleVersionedSerializer<PravegaWriterState> getWriterStateSerializer() {
        return PravegaWriterStateSerializer.INSTANCE;
    }

    @Override
    public Committer<PravegaCommittable> createCommitter(CommitterInitContext context) {
        return new PravegaCommitter(
                config,
                context.metricGroup().counter(LOST_TRANSACTIONS),
                handOffKey(context.getJobInfo(), context.getTaskInfo()));
    }

    /**
     * The writer and the committer of one subtask attempt get the same key. Takes no Flink {@code
     * InitContext}: some Flink versions mark that interface {@code @Internal} (not its getters).
     */
    private HandOffKey handOffKey(JobInfo job, TaskInfo task) {
        return HandOffKey.of(sinkId, job.getJobId(), task);
    }

    @Override
    public SimpleVersionedSerializer<PravegaCommittable> getCommittableSerializer() {
        return PravegaCommittableSerializer.INSTANCE;
    }

    /** Adds nothing; checks at job submission that exactly-once can work. */
    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        StreamExecutionEnvironment env = input.getExecutionEnvironment();
        boolean streaming =
                env.getConfiguration().get(ExecutionOptions.RUNTIME_MODE)
                        == RuntimeExecutionMode.STREAMING;
        if (config.getMode() == PravegaWriterMode.EXACTLY_ONCE
                && streaming
                && !exactlyOnceWithoutCheckpointing
                && !env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new IllegalStateException(
                    "FlinkPravegaWriter for stream '"
                            + config.getStream().getScopedName()
                            + "' runs in EXACTLY_ONCE mode, which commits its Pravega transactions "
                            + "when checkpoints complete, "
                            + "but checkpointing is off: nothing would ever become visible. Enable "
                            + "checkpointing "
                            + "(env.enableCheckpointing(interval)), run in "
                            + "RuntimeExecutionMode.BATCH, or choose "
                            + "PravegaWriterMode.ATLEAST_ONCE. If commits only at savepoints and "
                            + "at the end of bounded input "
                            + "are what you want, say so with "
                            + "allowExactlyOnceWithoutCheckpointing(true).");
        }
        return input;
    }

    /** The delivery guarantee this sink writes with. */
    public PravegaWriterMode getWriterMode() {
        return config.getMode();
    }

    @VisibleForTesting
    PravegaSinkConfig getSinkConfig() {
        return config;
    }

    /** Builds a {@link FlinkPravegaWriter}; {@link #build()} checks every setting. */
    @PublicEvolving
    public static final class Builder<T> {

        public static final PravegaWriterMode DEFAULT_WRITER_MODE = PravegaWriterMode.ATLEAST_ONCE;

        /**
         * Long enough to outlast a restart or a network partition of a few minutes: the lease runs
         * on while no renewal reaches the controller, and a transaction it ends after its
         * checkpoint is lost. (With 30 s, a 45 s partition lost a checkpoint's events.) Pravega's
         * own client default is just under 10 min.
         */
        public static final Duration DEFAULT_TXN_LEASE_RENEWAL_PERIOD = Duration.ofMinutes(5);

        /** Pravega rejects shorter transaction leases. */
        public static final Duration MIN_TXN_LEASE_RENEWAL_PERIOD = Duration.ofSeconds(10);

        /**
         * Pravega's controller rejects longer leases by default ({@code
         * controller.transaction.lease.count.max}); the client then retries for about 90 s before
         * the job fails with an obscure error.
         */
        public static final Duration MAX_TXN_LEASE_RENEWAL_PERIOD = Duration.ofMinutes(10);

        private PravegaConfig pravegaConfig;
        private String streamSpec;
        private Stream stream;
        private SerializationSchema<T> schema;
        private PravegaEventRouter<T> router;
        private PravegaWriterMode mode = DEFAULT_WRITER_MODE;
        private Duration txnLease;
        private boolean watermarksEnabled;
        private boolean metricsEnabled = true;
        private boolean exactlyOnceWithoutCheckpointing;
        private ScalingPolicy streamCreationPolicy;

        private Builder() {}

        /** Where Pravega runs; also the default scope of an unqualified stream name. */
        public Builder<T> withPravegaConfig(PravegaConfig pravegaConfig) {
            this.pravegaConfig = pravegaConfig;
            return this;
        }

        /**
         * Writes to {@code "stream"} or {@code "scope/stream"}; the stream must exist, unless
         * {@link #createStreamIfMissing(ScalingPolicy)} is set.
         */
        public Builder<T> forStream(String streamSpec) {
            this.streamSpec = streamSpec;
            this.stream = null;
            return this;
        }

        /**
         * Writes to this stream; it must exist, unless {@link
         * #createStreamIfMissing(ScalingPolicy)} is set.
         */
        public Builder<T> forStream(Stream stream) {
            this.stream = stream;
            this.streamSpec = null;
            return this;
        }

        /**
         * How records become event bytes; wrap a Pravega serializer in a {@code
         * PravegaSerializationSchema}.
         */
        public Builder<T> withSerializationSchema(SerializationSchema<T> schema) {
            this.schema = schema;
            return this;
        }

        /**
         * The routing key per event: events with one key keep their order. Without it, events
         * spread out.
         */
        public Builder<T> withEventRouter(PravegaEventRouter<T> router) {
            this.router = router;
            return this;
        }

        /** BEST_EFFORT, ATLEAST_ONCE (default) or EXACTLY_ONCE. */
        public Builder<T> withWriterMode(PravegaWriterMode mode) {
            this.mode = mode;
            return this;
        }

        /** Flink's name for the writer mode: NONE, AT_LEAST_ONCE or EXACTLY_ONCE. */
        public Builder<T> withDeliveryGuarantee(DeliveryGuarantee guarantee) {
            this.mode = guarantee == null ? null : PravegaWriterMode.of(guarantee);
            return this;
        }

        /**
         * EXACTLY_ONCE only: the lease of each transaction (default 5 min, from 10 s to 10 min).
         * The writer renews it until the transaction commits; it runs out when the writer is gone
         * or cannot reach the controller, so it must outlast the longest restart or network outage.
         */
        public Builder<T> withTxnLeaseRenewalPeriod(Duration lease) {
            this.txnLease = lease;
            return this;
        }

        /** Passes Flink watermarks to Pravega, so that readers see time windows (default off). */
        public Builder<T> enableWatermark(boolean enable) {
            this.watermarksEnabled = enable;
            return this;
        }

        /**
         * The {@code pendingRecords} gauge (default on); Flink's standard counters are always
         * there.
         */
        public Builder<T> enableMetrics(boolean enable) {
            this.metricsEnabled = enable;
            return this;
        }

        /**
         * EXACTLY_ONCE only: lets a STREAMING job run without checkpointing (default: rejected at
         * submission, because that is usually a forgotten {@code enableCheckpointing}). Flink then
         * commits the writer's transactions only at savepoints (e.g. stop-with-savepoint) and at
         * the end of bounded input: until then readers see nothing, and a failure restarts the job
         * from its start with the open transactions aborted.
         */
        public Builder<T> allowExactlyOnceWithoutCheckpointing(boolean allow) {
            this.exactlyOnceWithoutCheckpointing = allow;
            return this;
        }

        /**
         * Creates the stream, and its scope, when the job starts if they do not exist, with this
         * scaling policy, e.g. {@code ScalingPolicy.fixed(4)} or {@code
         * ScalingPolicy.byEventRate(1000, 2, 1)}. Default: off, and a missing stream fails the job
         * at start. An existing stream is used as it is, whatever its policy.
         */
        public Builder<T> createStreamIfMissing(ScalingPolicy scalingPolicy) {
            this.streamCreationPolicy = scalingPolicy;
            return this;
        }

        /**
         * Checks every setting and builds the sink.
         *
         * @throws IllegalArgumentException naming the setting that is missing or wrong and how to
         *     fix it
         */
        public FlinkPravegaWriter<T> build() {
            require(
                    pravegaConfig != null,
                    "withPravegaConfig(...) is required: it says where Pravega runs. "
                            + "Use PravegaConfig.fromDefaults() or "
                            + "PravegaConfig.fromParams(params).");
            require(
                    streamSpec != null || stream != null,
                    "forStream(...) is required: the stream to write to.");
            require(
                    schema != null,
                    "withSerializationSchema(...) is required, e.g. "
                            + "new PravegaSerializationSchema<>(new UTF8StringSerializer()).");
            require(
                    mode != null,
                    "withWriterMode(...) must not be null; choose BEST_EFFORT, ATLEAST_ONCE or "
                            + "EXACTLY_ONCE.");
            require(
                    !exactlyOnceWithoutCheckpointing || mode == PravegaWriterMode.EXACTLY_ONCE,
                    "allowExactlyOnceWithoutCheckpointing applies to EXACTLY_ONCE only, but the writer mode is "
                            + mode
                            + ". Remove it, or use EXACTLY_ONCE.");
            require(
                    txnLease == null || mode == PravegaWriterMode.EXACTLY_ONCE,
                    "withTxnLeaseRenewalPeriod applies to "
                            + "EXACTLY_ONCE only, but the writer mode is "
                            + mode
                            + ". Remove it, or use EXACTLY_ONCE.");
            Duration lease = txnLease == null ? DEFAULT_TXN_LEASE_RENEWAL_PERIOD : txnLease;
            require(
                    lease.compareTo(MIN_TXN_LEASE_RENEWAL_PERIOD) >= 0,
                    "withTxnLeaseRenewalPeriod must be at least "
                            + MIN_TXN_LEASE_RENEWAL_PERIOD.toSeconds()
                            + " s (Pravega's minimum), got "
                            + lease
                            + ".");
            require(
                    lease.compareTo(MAX_TXN_LEASE_RENEWAL_PERIOD) <= 0,
                    "withTxnLeaseRenewalPeriod must be at most "
                            + MAX_TXN_LEASE_RENEWAL_PERIOD.toSeconds()
                            + " s (the Pravega controller's default maximum, "
                            + "controller.transaction.lease.count.max), got "
                            + lease
                            + ".");
            Stream resolved = stream != null ? stream : pravegaConfig.resolve(streamSpec);
            return new FlinkPravegaWriter<>(
                    new PravegaSinkConfig(
                            pravegaConfig,
                            resolved,
                            mode,
                            lease,
                            watermarksEnabled,
                            metricsEnabled,
                            streamCreationPolicy),
                    schema,
                    router,
                    exactlyOnceWithoutCheckpointing);
        }
    }
}
