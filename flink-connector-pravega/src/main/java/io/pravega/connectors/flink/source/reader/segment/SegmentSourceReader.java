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
package io.pravega.connectors.flink.source.reader.segment;

import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.event.SegmentsFinishedEvent;
import io.pravega.connectors.flink.source.reader.EventDecoder;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.SegmentSplit;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A reader subtask of a bounded read: reads the segment splits the enumerator assigns, keeps the
 * offset of each in its state, and reports finished splits so that the enumerator can hand out
 * their successors.
 *
 * <p>Finished splits stay in the state as finished markers. A report can reach the enumerator after
 * its own checkpoint yet before this reader's; after a restore from that checkpoint, the marker
 * makes the reader report the split again, or its successors would never be read.
 */
@Internal
public final class SegmentSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<
                SegmentEvent, T, PravegaSplit, SegmentSplitState> {

    private final Map<String, SegmentSplit> finishedSplits = new LinkedHashMap<>();

    private final EventDecoder<T> decoder;

    /** Waited on if the schema did not open: the enumerator fails the job. */
    private final CompletableFuture<Void> untilCancelled = new CompletableFuture<>();

    public SegmentSourceReader(
            SourceReaderContext context,
            PravegaSourceConfig config,
            DeserializationSchema<T> schema) {
        this(
                context,
                config,
                new EventDecoder<>(context, schema, config.isSkipUndeserializableEvents()));
    }

    private SegmentSourceReader(
            SourceReaderContext context, PravegaSourceConfig config, EventDecoder<T> decoder) {
        super(
                () -> new SegmentSplitReader(config.getPravegaConfig()),
                new Emitter<>(decoder),
                new Configuration(),
                context);
        this.decoder = decoder;
        PravegaClients.releaseWith(context.getUserCodeClassLoader());
    }

    @Override
    public void start() {
        decoder.reportOpenFailure();
        super.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        return decoder.openFailed() ? InputStatus.NOTHING_AVAILABLE : super.pollNext(output);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return decoder.openFailed() ? untilCancelled : super.isAvailable();
    }

    @Override
    protected void onSplitFinished(Map<String, SegmentSplitState> finished) {
        List<String> ids = new ArrayList<>(finished.keySet());
        for (Map.Entry<String, SegmentSplitState> entry : finished.entrySet()) {
            finishedSplits.put(entry.getKey(), entry.getValue().toFinishedSplit());
        }
        context.sendSourceEventToCoordinator(new SegmentsFinishedEvent(ids));
    }

    @Override
    public List<PravegaSplit> snapshotState(long checkpointId) {
        List<PravegaSplit> state = new ArrayList<>(super.snapshotState(checkpointId));
        state.addAll(finishedSplits.values());
        return state;
    }

    @Override
    protected SegmentSplitState initializedState(PravegaSplit split) {
        return new SegmentSplitState((SegmentSplit) split);
    }

    @Override
    protected PravegaSplit toSplitType(String splitId, SegmentSplitState state) {
        return state.toSplit();
    }

    /** Decodes an event, then moves its split's offset past it. */
    private static final class Emitter<T>
            implements RecordEmitter<SegmentEvent, T, SegmentSplitState> {
        private final EventDecoder<T> decoder;

        Emitter(EventDecoder<T> decoder) {
            this.decoder = decoder;
        }

        @Override
        public void emitRecord(SegmentEvent event, SourceOutput<T> output, SegmentSplitState state)
                throws Exception {
            decoder.decode(event, output);
            state.advanceTo(event.nextOffset());
        }
    }
}
