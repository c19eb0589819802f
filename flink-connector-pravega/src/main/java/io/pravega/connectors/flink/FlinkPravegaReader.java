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

import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.StreamRange;
import io.pravega.connectors.flink.source.enumerator.PravegaEnumeratorState;
import io.pravega.connectors.flink.source.enumerator.PravegaEnumeratorStateSerializer;
import io.pravega.connectors.flink.source.enumerator.readergroup.ReaderGroupEnumeratorState;
import io.pravega.connectors.flink.source.enumerator.readergroup.ReaderGroupSplitEnumerator;
import io.pravega.connectors.flink.source.enumerator.segment.SegmentEnumeratorState;
import io.pravega.connectors.flink.source.enumerator.segment.SegmentSplitEnumerator;
import io.pravega.connectors.flink.source.reader.readergroup.AtLeastOnceSourceReader;
import io.pravega.connectors.flink.source.reader.readergroup.ExactlyOnceSourceReader;
import io.pravega.connectors.flink.source.reader.segment.SegmentSourceReader;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.PravegaSplitSerializer;
import io.pravega.shared.NameUtils;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.pravega.connectors.flink.util.BuilderChecks.require;
import static io.pravega.connectors.flink.util.BuilderChecks.requirePositive;

/**
 * Reads Pravega streams with exactly-once guarantees, as a FLIP-27 source.
 *
 * <pre>{@code
 * FlinkPravegaReader<String> reader = FlinkPravegaReader.<String>builder()
 *     .withPravegaConfig(PravegaConfig.fromParams(params))
 *     .forStream("scope/stream")
 *     .withDeserializationSchema(new PravegaDeserializationSchema<>(String.class, new UTF8StringSerializer()))
 *     .build();
 * DataStream<String> events = env.fromSource(reader, WatermarkStrategy.noWatermarks(), "pravega");
 * }</pre>
 *
 * <p><b>Unbounded</b> (the default): one Pravega reader group, whose checkpoints are Flink's
 * checkpoints. Each parallel subtask is one reader in the group; Pravega balances segments across
 * them.
 *
 * <p><b>Bounded</b>, when every stream has an end cut, or with {@link Builder#boundedToTail()}: the
 * segment ranges between the cuts are read in parallel with Pravega's batch client, with no reader
 * group. A segment is read after its predecessors, so per-routing-key order holds; events of
 * different keys interleave in no particular order. Works with and without checkpointing, and in
 * {@code RuntimeExecutionMode.BATCH}.
 */
@PublicEvolving
public final class FlinkPravegaReader<T>
        implements Source<T, PravegaSplit, PravegaEnumeratorState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final PravegaSourceConfig config;
    private final DeserializationSchema<T> schema;

    private FlinkPravegaReader(PravegaSourceConfig config, DeserializationSchema<T> schema) {
        this.config = config;
        this.schema = schema;
    }

    /** A new builder; {@link Builder#build()} checks its settings. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public Boundedness getBoundedness() {
        return config.isBounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, PravegaSplit> createReader(SourceReaderContext readerContext) {
        if (config.isBounded()) {
            return new SegmentSourceReader<>(readerContext, config, schema);
        }
        return config.isAtLeastOnce()
                ? new AtLeastOnceSourceReader<>(readerContext, config, schema)
                : new ExactlyOnceSourceReader<>(readerContext, config, schema);
    }

    @Override
    public SplitEnumerator<PravegaSplit, PravegaEnumeratorState> createEnumerator(
            SplitEnumeratorContext<PravegaSplit> enumContext) {
        return config.isBounded()
                ? new SegmentSplitEnumerator(enumContext, config, null)
                : new ReaderGroupSplitEnumerator(enumContext, config, null);
    }

    @Override
    public SplitEnumerator<PravegaSplit, PravegaEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<PravegaSplit> enumContext, PravegaEnumeratorState checkpoint) {
        if (config.isBounded() && checkpoint instanceof SegmentEnumeratorState) {
            return new SegmentSplitEnumerator(
                    enumContext, config, (SegmentEnumeratorState) checkpoint);
        }
        if (!config.isBounded() && checkpoint instanceof ReaderGroupEnumeratorState) {
            return new ReaderGroupSplitEnumerator(
                    enumContext, config, (ReaderGroupEnumeratorState) checkpoint);
        }
        throw new IllegalStateException(
                "The checkpoint or savepoint holds the state of a "
                        + (config.isBounded() ? "unbounded" : "bounded")
                        + " Pravega read, but this FlinkPravegaReader reads "
                        + (config.isBounded() ? "bounded" : "unbounded")
                        + ". A job cannot switch between the two on restore: "
                        + "start it without the savepoint, or keep the end StreamCuts as they "
                        + "were.");
    }

    @Override
    public SimpleVersionedSerializer<PravegaSplit> getSplitSerializer() {
        return PravegaSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PravegaEnumeratorState> getEnumeratorCheckpointSerializer() {
        return PravegaEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return schema.getProducedType();
    }

    /**
     * The reader group's name: the one given, or the one generated for this source. Only an
     * unbounded read uses a reader group.
     */
    public String getReaderGroupName() {
        return config.getReaderGroupName();
    }

    /** The scope the reader group lives in. */
    public String getReaderGroupScope() {
        return config.getReaderGroupScope();
    }

    /** Builds a {@link FlinkPravegaReader}; {@link #build()} checks every setting. */
    @PublicEvolving
    public static final class Builder<T> {

        public static final Duration DEFAULT_CHECKPOINT_INITIATE_TIMEOUT = Duration.ofSeconds(5);

        /** An idle reader sees a new checkpoint only when a read ends, so reads end often. */
        public static final Duration DEFAULT_EVENT_READ_TIMEOUT = Duration.ofMillis(100);

        /**
         * Also how fast a checkpoint reaches the readers, and so about how long an exactly-once
         * reader holds at each checkpoint; each refresh is one read of the group's state.
         */
        public static final Duration DEFAULT_READER_GROUP_REFRESH_TIME = Duration.ofMillis(100);

        public static final int DEFAULT_MAX_OUTSTANDING_CHECKPOINT_REQUEST = 3;

        /** Keeps the delay of a stream scale, as readers see it, at about a second. */
        public static final Duration DEFAULT_SEGMENT_RELEASE_INTERVAL = Duration.ofSeconds(1);

        private PravegaConfig pravegaConfig;
        private final List<StreamSpec> streams = new ArrayList<>();
        private DeserializationSchema<T> schema;
        private String readerGroupName;
        private String readerGroupScope;
        private Duration readerGroupRefreshTime = DEFAULT_READER_GROUP_REFRESH_TIME;
        private Duration checkpointInitiateTimeout = DEFAULT_CHECKPOINT_INITIATE_TIMEOUT;
        private Duration eventReadTimeout = DEFAULT_EVENT_READ_TIMEOUT;
        private int maxOutstandingCheckpointRequest = DEFAULT_MAX_OUTSTANDING_CHECKPOINT_REQUEST;
        private Duration segmentReleaseInterval = DEFAULT_SEGMENT_RELEASE_INTERVAL;
        private boolean boundedToTail;
        private boolean startAtTail;
        private boolean skipUndeserializableEvents;
        private boolean metricsEnabled = true;
        private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
        private boolean timeWindowWatermarks;
        private Duration watermarkLateness = Duration.ZERO;

        private Builder() {}

        /** Where Pravega runs; also the default scope of unqualified stream names. */
        public Builder<T> withPravegaConfig(PravegaConfig pravegaConfig) {
            this.pravegaConfig = pravegaConfig;
            return this;
        }

        /** Reads {@code "stream"} or {@code "scope/stream"} from its head. */
        public Builder<T> forStream(String streamSpec) {
            return forStream(streamSpec, StreamCut.UNBOUNDED, StreamCut.UNBOUNDED);
        }

        /** Reads {@code "stream"} or {@code "scope/stream"} from {@code from}, with no end. */
        public Builder<T> forStream(String streamSpec, StreamCut from) {
            return forStream(streamSpec, from, StreamCut.UNBOUNDED);
        }

        /**
         * Reads from {@code from} to {@code to}; {@link StreamCut#UNBOUNDED} means head or no end.
         */
        public Builder<T> forStream(String streamSpec, StreamCut from, StreamCut to) {
            streams.add(new StreamSpec(streamSpec, null, from, to));
            return this;
        }

        /**
         * Reads between two StreamCuts given as text, e.g. from program arguments: the text of
         * {@link StreamCut#asText()}, or {@code UNBOUNDED} for the head (start) or no end. {@link
         * #build()} parses them and names the stream and the cut if one is not valid.
         */
        public Builder<T> forStream(String streamSpec, String fromText, String toText) {
            streams.add(new StreamSpec(streamSpec, fromText, toText));
            return this;
        }

        /** Reads a stream from its head. */
        public Builder<T> forStream(Stream stream) {
            return forStream(stream, StreamCut.UNBOUNDED, StreamCut.UNBOUNDED);
        }

        /** Reads a stream from {@code from}, with no end. */
        public Builder<T> forStream(Stream stream, StreamCut from) {
            return forStream(stream, from, StreamCut.UNBOUNDED);
        }

        /**
         * Reads a stream from {@code from} to {@code to}; {@link StreamCut#UNBOUNDED} means head or
         * no end.
         */
        public Builder<T> forStream(Stream stream, StreamCut from, StreamCut to) {
            streams.add(new StreamSpec(null, stream, from, to));
            return this;
        }

        /**
         * How events become records; wrap a Pravega serializer in a {@code
         * PravegaDeserializationSchema}.
         */
        public Builder<T> withDeserializationSchema(DeserializationSchema<T> schema) {
            this.schema = schema;
            return this;
        }

        /**
         * A reader group name to use and keep; without one, a name is generated and the group
         * deleted at the end. A bounded read uses no reader group and ignores this.
         */
        public Builder<T> withReaderGroupName(String readerGroupName) {
            this.readerGroupName = readerGroupName;
            return this;
        }

        /** The scope of the reader group; default: the config's scope, else the first stream's. */
        public Builder<T> withReaderGroupScope(String readerGroupScope) {
            this.readerGroupScope = readerGroupScope;
            return this;
        }

        /**
         * How often readers sync the group state (default 100 ms): bounds how fast checkpoints and
         * rebalancing reach them, and so how long an exactly-once reader holds at a checkpoint.
         * Each sync is one read of the group's state from Pravega per reader.
         */
        public Builder<T> withReaderGroupRefreshTime(Duration refreshTime) {
            this.readerGroupRefreshTime = refreshTime;
            return this;
        }

        /**
         * How long a reader-group checkpoint may take before the Flink checkpoint fails (default 5
         * s).
         */
        public Builder<T> withCheckpointInitiateTimeout(Duration timeout) {
            this.checkpointInitiateTimeout = timeout;
            return this;
        }

        /**
         * How long one read waits for an event (default 100 ms). An idle reader sees a new
         * checkpoint only after such a wait, so longer waits make checkpoints slower.
         */
        public Builder<T> withEventReadTimeout(Duration timeout) {
            this.eventReadTimeout = timeout;
            return this;
        }

        /** How many reader-group checkpoints may be outstanding at once (default 3). */
        public Builder<T> withMaxOutstandingCheckpointRequest(int max) {
            this.maxOutstandingCheckpointRequest = max;
            return this;
        }

        /**
         * How long an unbounded read may go without a reader-group checkpoint (default 1 s).
         * Pravega readers hand back a segment they finished, and so move on to its successors after
         * a stream scaled, only when they pass a reader-group checkpoint. Flink checkpoints are
         * such checkpoints; when none came for this long, the source starts a release checkpoint of
         * its own, which is not a Flink checkpoint and stores nothing in Flink. Each costs one
         * small update of the reader group's state per reader. Longer intervals delay readers at a
         * scale by up to that long.
         *
         * <p>A bounded read with checkpoints hands a finished segment's successors out at the next
         * completed checkpoint, so that no successor's event overtakes its predecessor's
         * downstream; it waits at most this long.
         */
        public Builder<T> withSegmentReleaseInterval(Duration interval) {
            this.segmentReleaseInterval = interval;
            return this;
        }

        /**
         * Ends the read at each stream's tail as it is when the job starts (resolved then, not
         * now). Makes the source bounded: see the class comment.
         */
        public Builder<T> boundedToTail() {
            this.boundedToTail = true;
            return this;
        }

        /**
         * Starts each stream at its tail as it is when the job starts (resolved then, not now), so
         * only events written from then on are read. A restore starts from its checkpoint instead;
         * a restart before the first checkpoint resolves the tail again.
         */
        public Builder<T> startAtTail() {
            this.startAtTail = true;
            return this;
        }

        /**
         * Skip events the schema cannot read (counted in {@code numUndeserializableEvents}) instead
         * of failing.
         */
        public Builder<T> withSkipUndeserializableEvents(boolean skip) {
            this.skipUndeserializableEvents = skip;
            return this;
        }

        /**
         * What an unbounded read guarantees after a failure (default {@code EXACTLY_ONCE}).
         *
         * <p>{@code EXACTLY_ONCE}: each Flink checkpoint is a reader-group checkpoint, and a reader
         * holds back the events after that checkpoint's event until the barrier passes; the hold is
         * about one reader-group refresh ({@link #withReaderGroupRefreshTime}).
         *
         * <p>{@code AT_LEAST_ONCE}: readers never hold, so events pass at once. A Flink checkpoint
         * stores a reader-group checkpoint that it takes and waits for briefly (about one refresh
         * plus one read wait), or else the newest one that completed before (release checkpoints
         * complete every {@link #withSegmentReleaseInterval}); it never fails because of Pravega.
         * After a failure the read resumes there: events read since may be read again, and none is
         * lost. {@code NONE} reads the same way.
         *
         * <p>Bounded reads have no hold and are exactly-once either way.
         */
        public Builder<T> withDeliveryGuarantee(DeliveryGuarantee guarantee) {
            this.deliveryGuarantee = guarantee;
            return this;
        }

        /**
         * Emits watermarks from the streams' Pravega time windows (off by default): the lower bound
         * of the window, the minimum over all streams, and nothing while a stream has no window
         * yet.
         *
         * <p>Pravega computes a stream's time window from the times its writers noted ({@link
         * FlinkPravegaWriter.Builder#enableWatermark}, {@code EventStreamWriter.noteTime}, or a
         * transaction's commit time) and from the positions of all readers of the reader group.
         * Unlike a {@code WatermarkStrategy} over the event timestamps one subtask has seen, it
         * holds across segments read at uneven speeds and moved between readers, so event-time
         * windows do not drop events that wait in other segments as late.
         *
         * <p>Pass a strategy that makes no watermarks of its own, with the timestamp assigner of
         * your events: {@code WatermarkStrategy.<T>noWatermarks().withTimestampAssigner(...)}; a
         * generator's watermarks would be merged with these, and the larger would win. Needs an
         * unbounded read.
         */
        public Builder<T> withTimeWindowWatermarks() {
            return withTimeWindowWatermarks(Duration.ZERO);
        }

        /**
         * As {@link #withTimeWindowWatermarks()}, with watermarks {@code allowedLateness} behind
         * the time windows' lower bound: for writers whose noted times run ahead of some of their
         * events.
         */
        public Builder<T> withTimeWindowWatermarks(Duration allowedLateness) {
            this.timeWindowWatermarks = true;
            this.watermarkLateness = allowedLateness;
            return this;
        }

        /** Reader group metrics on the source (default true). */
        public Builder<T> enableMetrics(boolean enable) {
            this.metricsEnabled = enable;
            return this;
        }

        /**
         * Checks every setting and builds the source.
         *
         * @throws IllegalArgumentException naming the setting that is missing or wrong and how to
         *     fix it
         */
        public FlinkPravegaReader<T> build() {
            require(
                    pravegaConfig != null,
                    "withPravegaConfig(...) is required: it says where Pravega runs. "
                            + "Use PravegaConfig.fromDefaults() or "
                            + "PravegaConfig.fromParams(params).");
            require(!streams.isEmpty(), "Add at least one stream to read with forStream(...).");
            require(
                    schema != null,
                    "withDeserializationSchema(...) is required, e.g. "
                            + "new PravegaDeserializationSchema<>(String.class, new "
                            + "UTF8StringSerializer()).");
            requirePositive(readerGroupRefreshTime, "withReaderGroupRefreshTime");
            requirePositive(checkpointInitiateTimeout, "withCheckpointInitiateTimeout");
            requirePositive(eventReadTimeout, "withEventReadTimeout");
            requirePositive(segmentReleaseInterval, "withSegmentReleaseInterval");
            require(
                    deliveryGuarantee != null,
                    "withDeliveryGuarantee(...) must not be null; use "
                            + "DeliveryGuarantee.EXACTLY_ONCE (the default) or "
                            + "DeliveryGuarantee.AT_LEAST_ONCE.");
            require(
                    !timeWindowWatermarks
                            || (watermarkLateness != null && !watermarkLateness.isNegative()),
                    "withTimeWindowWatermarks(allowedLateness) needs a duration of zero or more, got "
                            + watermarkLateness
                            + ".");
            require(
                    maxOutstandingCheckpointRequest >= 1,
                    "withMaxOutstandingCheckpointRequest must be at least 1, got "
                            + maxOutstandingCheckpointRequest
                            + ".");

            List<StreamRange> ranges = new ArrayList<>();
            Set<Stream> seen = new HashSet<>();
            for (StreamSpec spec : streams) {
                StreamRange range = spec.resolve(pravegaConfig);
                require(
                        seen.add(range.getStream()),
                        "Stream '"
                                + range.getStream().getScopedName()
                                + "' is added twice; read each stream once per source.");
                require(
                        !(boundedToTail && range.isBounded()),
                        "Stream '"
                                + range.getStream().getScopedName()
                                + "' has an end StreamCut, and boundedToTail() also sets one. Use "
                                + "one or the other.");
                require(
                        !(startAtTail && !StreamCut.UNBOUNDED.equals(range.getStart())),
                        "Stream '"
                                + range.getStream().getScopedName()
                                + "' has a start StreamCut, and startAtTail() also sets "
                                + "one. Use one or the other.");
                ranges.add(range);
            }
            checkCutsAgainstEachOther(ranges);
            boolean bounded = boundedToTail || ranges.stream().allMatch(StreamRange::isBounded);
            require(
                    !timeWindowWatermarks || !bounded,
                    "withTimeWindowWatermarks() needs an unbounded read: "
                            + "a bounded read has no Pravega time windows, and Flink's final "
                            + "watermark closes every "
                            + "event-time window at its end. Remove the end StreamCuts and "
                            + "boundedToTail(), or the "
                            + "watermarks.");

            boolean generated = readerGroupName == null;
            String groupName =
                    generated
                            ? "flink-"
                                    + UUID.randomUUID().toString().replace("-", "").substring(0, 20)
                            : readerGroupName;
            String groupScope =
                    readerGroupScope != null
                            ? readerGroupScope
                            : pravegaConfig.getDefaultScope() != null
                                    ? pravegaConfig.getDefaultScope()
                                    : ranges.get(0).getStream().getScope();
            checkName(
                    () -> NameUtils.validateReaderGroupName(groupName),
                    "reader group name '" + groupName + "'");
            checkName(
                    () -> NameUtils.validateUserScopeName(groupScope),
                    "reader group scope '" + groupScope + "'");

            return new FlinkPravegaReader<>(
                    new PravegaSourceConfig(
                            pravegaConfig,
                            ranges,
                            groupScope,
                            groupName,
                            generated,
                            readerGroupRefreshTime,
                            checkpointInitiateTimeout,
                            eventReadTimeout,
                            maxOutstandingCheckpointRequest,
                            segmentReleaseInterval,
                            boundedToTail,
                            startAtTail,
                            skipUndeserializableEvents,
                            metricsEnabled,
                            deliveryGuarantee != DeliveryGuarantee.EXACTLY_ONCE,
                            timeWindowWatermarks ? watermarkLateness : null),
                    schema);
        }

        /** Pravega's own config validation catches a start cut after its end cut. */
        private static void checkCutsAgainstEachOther(List<StreamRange> ranges) {
            ReaderGroupConfig.ReaderGroupConfigBuilder builder = ReaderGroupConfig.builder();
            for (StreamRange range : ranges) {
                builder.stream(range.getStream(), range.getStart(), range.getEnd());
            }
            try {
                builder.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "The StreamCuts of "
                                + ranges
                                + " are inconsistent: "
                                + e.getMessage()
                                + " A start StreamCut must not be after the end StreamCut of the "
                                + "same stream.",
                        e);
            }
        }

        private static void checkName(Runnable validation, String what) {
            try {
                validation.run();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "Invalid "
                                + what
                                + ": "
                                + e.getMessage()
                                + " Names use letters, digits, '.' and '-'.",
                        e);
            }
        }
    }

    /**
     * A stream as given to the builder; names and cut texts resolve against the config at build
     * time.
     */
    private static final class StreamSpec {
        final String spec;
        final Stream stream;
        final StreamCut from;
        final StreamCut to;

        /** Set instead of the cuts when they were given as text. */
        final boolean cutsAsText;

        final String fromText;
        final String toText;

        StreamSpec(String spec, Stream stream, StreamCut from, StreamCut to) {
            this.spec = spec;
            this.stream = stream;
            this.from = from;
            this.to = to;
            this.cutsAsText = false;
            this.fromText = null;
            this.toText = null;
        }

        StreamSpec(String spec, String fromText, String toText) {
            this.spec = spec;
            this.stream = null;
            this.from = null;
            this.to = null;
            this.cutsAsText = true;
            this.fromText = fromText;
            this.toText = toText;
        }

        StreamRange resolve(PravegaConfig config) {
            Stream resolved = stream != null ? stream : config.resolve(spec);
            String name = resolved.getScopedName();
            StreamCut start = cutsAsText ? parseCut(fromText, name, "start") : from;
            StreamCut end = cutsAsText ? parseCut(toText, name, "end") : to;
            if (start == null || end == null) {
                throw new IllegalArgumentException(
                        "StreamCuts of stream '"
                                + name
                                + "' must not be null; use "
                                + "StreamCut.UNBOUNDED for the head (start) or no end.");
            }
            checkCutBelongs(start, resolved, "start");
            checkCutBelongs(end, resolved, "end");
            return new StreamRange(resolved, start, end);
        }

        /**
         * Pravega's own error says only "Invalid base64 input.": name the cut, the stream and the
         * fix.
         */
        private static StreamCut parseCut(String text, String stream, String which) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(
                        "The "
                                + which
                                + " StreamCut text of stream '"
                                + stream
                                + "' is "
                                + (text == null ? "null" : "empty")
                                + ". Pass the text of StreamCut.asText(), or "
                                + "'UNBOUNDED' for the head (start) or no end.");
            }
            try {
                return StreamCut.from(text.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "The "
                                + which
                                + " StreamCut '"
                                + abbreviate(text)
                                + "' given for "
                                + "stream '"
                                + stream
                                + "' is not a valid StreamCut ("
                                + e.getMessage()
                                + "). Pass the "
                                + "complete text of StreamCut.asText(), or 'UNBOUNDED' for the "
                                + "head (start) or no end.",
                        e);
            }
        }

        private static String abbreviate(String text) {
            return text.length() <= 80 ? text : text.substring(0, 77) + "...";
        }

        private static void checkCutBelongs(StreamCut cut, Stream stream, String which) {
            if (StreamCut.UNBOUNDED.equals(cut)) {
                return;
            }
            Stream owner = cut.asImpl().getStream();
            if (!stream.equals(owner)) {
                throw new IllegalArgumentException(
                        "The "
                                + which
                                + " StreamCut given for stream '"
                                + stream.getScopedName()
                                + "' is a StreamCut of stream '"
                                + owner.getScopedName()
                                + "'. Pass a StreamCut of the same stream.");
            }
        }
    }
}
