package io.pravega.connectors.flink.source.reader;

import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.source.CheckpointAbortedEvent;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.ReaderFinishedEvent;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.ReaderGroupSplit;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.ExternallyInducedSourceReader;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One Pravega reader in the source's reader group. Records before Pravega's checkpoint event for
 * Flink checkpoint N are emitted, then the reader reports N through {@link
 * #shouldTriggerCheckpoint()}, and the records after the event are emitted only after the
 * barrier, so that the barrier sits exactly where Pravega's checkpoint does.
 */
@Internal
public final class PravegaSourceReader<T> implements ExternallyInducedSourceReader<T, PravegaSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(PravegaSourceReader.class);
    private static final int HANDOVER_CAPACITY = 4096;
    /** How long, in ms, the reader's last released segment waited after it was read to its end (-1: none yet). */
    public static final String SEGMENT_RELEASE_WAIT_GAUGE = "segmentReleaseWaitMillis";

    private final SourceReaderContext context;
    private final PravegaSourceConfig config;
    private final EventDecoder<T> decoder;
    private final Handover handover = new Handover(HANDOVER_CAPACITY);
    private final Counter recordsIn;
    /** Flink checkpoints known to be aborted: their Pravega checkpoint events are passed over. */
    private final TreeSet<Long> abortedCheckpoints = new TreeSet<>();

    private ReaderGroupSplit split;
    private PravegaClients clients;
    private EventStreamReader<ByteBuffer> pravegaReader;
    private EventFetcher fetcher;
    private Thread fetcherThread;
    private Long checkpointToReport;
    /**
     * The checkpoint reported but not yet taken. Flink may run this reader once more between
     * the report and the checkpoint (when the trigger RPC arrived first), so nothing is emitted
     * until {@link #snapshotState} for it runs, or it is aborted.
     */
    private Long checkpointToTake;
    private long lastReportedCheckpoint = -1;
    private boolean endOfInput;

    public PravegaSourceReader(
            SourceReaderContext context, PravegaSourceConfig config, DeserializationSchema<T> schema) {
        this.context = context;
        this.config = config;
        this.decoder = new EventDecoder<>(context, schema, config.isSkipUndeserializableEvents());
        this.recordsIn = context.metricGroup().getIOMetricGroup().getNumRecordsInCounter();
        PravegaClients.releaseWith(context.getUserCodeClassLoader());
    }

    @Override
    public void start() {}

    @Override
    public void addSplits(List<PravegaSplit> splits) {
        if (split != null || splits.isEmpty()) {
            LOG.warn("Pravega reader subtask {} already reads as {}; ignoring {}", context.getIndexOfSubtask(), split, splits);
            return;
        }
        split = (ReaderGroupSplit) splits.get(0);
        clients = PravegaClients.open(config.getPravegaConfig(), "reader");
        pravegaReader = clients.eventStreamClientFactory(config.getReaderGroupScope()).createReader(
                split.getReaderId(), config.getReaderGroupName(), new ByteBufferSerializer(), ReaderConfig.builder().build());
        SegmentReleaseWatch releaseWatch = new SegmentReleaseWatch(split.getReaderId());
        if (config.isMetricsEnabled()) {
            context.metricGroup().gauge(SEGMENT_RELEASE_WAIT_GAUGE, releaseWatch::lastWaitMillis);
        }
        fetcher = new EventFetcher(pravegaReader, handover, config.getEventReadTimeout().toMillis(), split.getReaderId(),
                config.getReaderGroupScope() + "/" + config.getReaderGroupName(),
                config.getPravegaConfig().getControllerURI(), releaseWatch);
        fetcherThread = new Thread(fetcher, "pravega-reader-" + config.getReaderGroupName() + "-" + split.getReaderId());
        fetcherThread.setDaemon(true);
        fetcherThread.start();
        LOG.info("Subtask {} reads reader group {} as {}", context.getIndexOfSubtask(), config.getReaderGroupName(),
                split.getReaderId());
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (checkpointToReport != null || checkpointToTake != null) {
            // Nothing after the checkpoint event may pass before the barrier. A failed fetcher
            // fails the task now: the checkpoint it waits for may never come.
            handover.rethrowError();
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (endOfInput) {
            return InputStatus.END_OF_INPUT;
        }
        Object next = handover.poll();
        if (next == null) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (next instanceof FetchedElements.Event) {
            recordsIn.inc();
            decoder.decode((FetchedElements.Event) next, output);
            return InputStatus.MORE_AVAILABLE;
        }
        if (next instanceof FetchedElements.CheckpointMarker) {
            long checkpointId = ((FetchedElements.CheckpointMarker) next).checkpointId;
            if (checkpointId <= lastReportedCheckpoint || abortedCheckpoints.contains(checkpointId)) {
                LOG.debug("Passing over the Pravega checkpoint event of Flink checkpoint {}", checkpointId);
                return InputStatus.MORE_AVAILABLE;
            }
            checkpointToReport = checkpointId;
            return InputStatus.NOTHING_AVAILABLE;
        }
        endOfInput = true;
        // The Pravega reader stays in the group until close(): leaving now would let a
        // reader-group checkpoint complete without it, and Flink would then wait for this
        // finished task's barrier until the checkpoint timeout.
        context.sendSourceEventToCoordinator(new ReaderFinishedEvent(split.getReaderId()));
        return InputStatus.END_OF_INPUT;
    }

    @Override
    public Optional<Long> shouldTriggerCheckpoint() {
        if (checkpointToReport == null) {
            return Optional.empty();
        }
        long checkpointId = checkpointToReport;
        checkpointToReport = null;
        checkpointToTake = checkpointId;
        lastReportedCheckpoint = checkpointId;
        return Optional.of(checkpointId);
    }

    @Override
    public List<PravegaSplit> snapshotState(long checkpointId) {
        if (checkpointToTake != null && checkpointId >= checkpointToTake) {
            checkpointToTake = null;
        }
        // Positions live in the reader group's checkpoint, the enumerator's state.
        return Collections.emptyList();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return handover.available();
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
        if (sourceEvent instanceof CheckpointAbortedEvent) {
            notifyCheckpointAborted(((CheckpointAbortedEvent) sourceEvent).getCheckpointId());
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        abortedCheckpoints.add(checkpointId);
        if (checkpointToTake != null && checkpointToTake == checkpointId) {
            checkpointToTake = null;
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        abortedCheckpoints.headSet(checkpointId, true).clear();
    }

    @Override
    public void close() throws Exception {
        closePravegaReader();
    }

    /** Stops the fetcher, then closes the Pravega reader (which takes it offline) and its factory. */
    private void closePravegaReader() throws InterruptedException {
        if (fetcher != null) {
            fetcher.stop();
        }
        handover.close();
        if (fetcherThread != null) {
            fetcherThread.join(config.getEventReadTimeout().toMillis() + 5_000);
            if (fetcherThread.isAlive()) {
                LOG.warn("Pravega reader thread {} did not stop in time", fetcherThread.getName());
                fetcherThread.interrupt();
            }
            fetcherThread = null;
        }
        try {
            if (pravegaReader != null) {
                pravegaReader.close();
            }
        } catch (RuntimeException e) {
            // E.g. the enumerator already deleted the group of a failed job. A close that throws
            // inside Flink's failure handling takes the whole TaskManager down, so only log it.
            LOG.warn("Could not take Pravega reader {} offline cleanly", split.getReaderId(), e);
        } finally {
            pravegaReader = null;
            if (clients != null) {
                clients.close();
                clients = null;
            }
        }
    }
}
