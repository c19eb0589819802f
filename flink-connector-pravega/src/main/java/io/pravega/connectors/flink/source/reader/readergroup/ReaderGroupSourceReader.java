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
package io.pravega.connectors.flink.source.reader.readergroup;

import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.event.ReaderFinishedEvent;
import io.pravega.connectors.flink.source.event.StartReadingEvent;
import io.pravega.connectors.flink.source.reader.EventDecoder;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.ReaderGroupSplit;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One Pravega reader in the source's reader group, as a Flink source reader: what both delivery
 * guarantees share. Subclasses decide what happens at a checkpoint's event.
 */
@Internal
public abstract class ReaderGroupSourceReader<T> implements SourceReader<T, PravegaSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderGroupSourceReader.class);

    /**
     * How long, in ms, the reader's last released segment waited after it was read to its end (-1:
     * none yet).
     */
    public static final String SEGMENT_RELEASE_WAIT_GAUGE = "segmentReleaseWaitMillis";

    protected final SourceReaderContext context;
    private final PravegaSourceConfig config;
    private final EventDecoder<T> decoder;
    private final Counter recordsIn;
    final Fetch fetch;

    /** Waited on if the schema did not open: the enumerator fails the job. */
    private final CompletableFuture<Void> untilCancelled = new CompletableFuture<>();

    private ReaderGroupSplit split;
    private boolean endOfInput;
    private boolean paused;
    private CompletableFuture<Void> resumed = CompletableFuture.completedFuture(null);

    /** Reads with the given fetch, which this reader opens and closes. */
    ReaderGroupSourceReader(
            SourceReaderContext context,
            PravegaSourceConfig config,
            DeserializationSchema<T> schema,
            Fetch fetch) {
        this.context = context;
        this.config = config;
        this.decoder = new EventDecoder<>(context, schema, config.isSkipUndeserializableEvents());
        this.recordsIn = context.metricGroup().getIOMetricGroup().getNumRecordsInCounter();
        this.fetch = fetch;
        PravegaClients.releaseWith(context.getUserCodeClassLoader());
    }

    @Override
    public void start() {
        decoder.reportOpenFailure();
    }

    @Override
    public void addSplits(List<PravegaSplit> splits) {
        if (split != null || splits.isEmpty()) {
            LOG.warn(
                    "Pravega reader subtask {} already reads as {}; ignoring {}",
                    context.getIndexOfSubtask(),
                    split,
                    splits);
            return;
        }
        split = (ReaderGroupSplit) splits.get(0);
        SegmentReleaseWatch releaseWatch = new SegmentReleaseWatch(split.getReaderId());
        if (config.isMetricsEnabled()) {
            context.metricGroup().gauge(SEGMENT_RELEASE_WAIT_GAUGE, releaseWatch::lastWaitMillis);
        }
        fetch.open(split.getReaderId(), releaseWatch);
        LOG.info(
                "Subtask {} reads reader group {} as {}",
                context.getIndexOfSubtask(),
                config.getReaderGroupName(),
                split.getReaderId());
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (decoder.openFailed()) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (paused) {
            fetch.rethrowError();
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (isHolding()) {
            // A failed fetcher fails the task now: what the hold waits for may never come.
            fetch.rethrowError();
            checkHold();
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (endOfInput) {
            return InputStatus.END_OF_INPUT;
        }
        Object next = fetch.next();
        if (next == null) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (next instanceof FetchedElements.Event) {
            recordsIn.inc();
            decoder.decode((FetchedElements.Event) next, output);
            return InputStatus.MORE_AVAILABLE;
        }
        if (next instanceof FetchedElements.WatermarkMarker) {
            output.emitWatermark(new Watermark(((FetchedElements.WatermarkMarker) next).timestamp));
            return InputStatus.MORE_AVAILABLE;
        }
        if (next instanceof FetchedElements.CheckpointMarker) {
            ((FetchedElements.CheckpointMarker) next).emitted.complete(null);
            if (next instanceof FetchedElements.FlinkCheckpointMarker) {
                atFlinkCheckpointEvent(((FetchedElements.FlinkCheckpointMarker) next).checkpointId);
            }
            return isHolding() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
        }
        endOfInput = true;
        // The Pravega reader stays in the group until close(): leaving now would let a
        // reader-group checkpoint complete without it, and Flink would then wait for this
        // finished task's barrier until the checkpoint timeout.
        context.sendSourceEventToCoordinator(new ReaderFinishedEvent(split.getReaderId()));
        return InputStatus.END_OF_INPUT;
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
        if (sourceEvent instanceof StartReadingEvent) {
            LOG.info(
                    "Pravega reader {} starts reading: the other readers of its group are online",
                    split);
            fetch.startReading();
        }
    }

    /** Whether nothing may be emitted now. */
    protected abstract boolean isHolding();

    /** Throws if the current hold has lasted too long to be waited out. */
    protected void checkHold() throws IOException {}

    /**
     * At the event of a reader-group checkpoint that stands for Flink checkpoint {@code
     * checkpointId}.
     */
    protected abstract void atFlinkCheckpointEvent(long checkpointId);

    /** Completes when the hold may have ended, or the fetcher failed. */
    protected abstract CompletableFuture<Void> holdEnded();

    protected String readerId() {
        return split.getReaderId();
    }

    protected URI controllerUri() {
        return config.getPravegaConfig().getControllerURI();
    }

    @Override
    public List<PravegaSplit> snapshotState(long checkpointId) {
        // Positions live in the reader group's checkpoints, the enumerator's state.
        return Collections.emptyList();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (decoder.openFailed()) {
            return untilCancelled;
        }
        if (paused) {
            return CompletableFuture.anyOf(resumed, fetch.failed()).thenApply(ignored -> null);
        }
        return isHolding() ? holdEnded() : fetch.available();
    }

    /**
     * Watermark alignment: the one split stands for this reader. While paused, nothing is emitted;
     * the fetcher reads ahead until the hand-over is full, and, at-least-once, up to a checkpoint's
     * event.
     */
    @Override
    public void pauseOrResumeSplits(
            Collection<String> splitsToPause, Collection<String> splitsToResume) {
        String id = split == null ? null : split.splitId();
        if (id == null) {
            return;
        }
        if (splitsToPause.contains(id) && !paused) {
            paused = true;
            resumed = new CompletableFuture<>();
        } else if (splitsToResume.contains(id) && paused) {
            paused = false;
            resumed.complete(null);
        }
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() throws Exception {
        fetch.close();
    }
}
