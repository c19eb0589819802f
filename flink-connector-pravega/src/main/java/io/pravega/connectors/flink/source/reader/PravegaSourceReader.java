package io.pravega.connectors.flink.source.reader;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.serialization.ByteBuffers;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchemaWithMetadata;
import io.pravega.connectors.flink.serialization.PravegaEventMetadata;
import io.pravega.connectors.flink.source.CheckpointAbortedEvent;
import io.pravega.connectors.flink.source.EndOfInputEvent;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.ReaderFailureEvent;
import io.pravega.connectors.flink.source.ReaderFinishedEvent;
import io.pravega.connectors.flink.source.split.PravegaSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.ExternallyInducedSourceReader;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.UserCodeClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
    static final String UNDESERIALIZABLE_EVENTS = "numUndeserializableEvents";

    private final SourceReaderContext context;
    private final PravegaSourceConfig config;
    private final DeserializationSchema<T> schema;
    private final Handover handover = new Handover(HANDOVER_CAPACITY);
    private final Counter recordsIn;
    private final Counter bytesIn;
    private final Counter undeserializable;
    private final CollectingOutput<T> collector = new CollectingOutput<>();
    /** Flink checkpoints known to be aborted: their Pravega checkpoint events are passed over. */
    private final TreeSet<Long> abortedCheckpoints = new TreeSet<>();

    private PravegaSplit split;
    private EventStreamClientFactory clientFactory;
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
    private boolean endOfInputRequested;
    private String failure;

    public PravegaSourceReader(
            SourceReaderContext context, PravegaSourceConfig config, DeserializationSchema<T> schema) {
        this.context = context;
        this.config = config;
        this.schema = schema;
        MetricGroup metrics = context.metricGroup();
        this.recordsIn = context.metricGroup().getIOMetricGroup().getNumRecordsInCounter();
        this.bytesIn = context.metricGroup().getIOMetricGroup().getNumBytesInCounter();
        this.undeserializable = metrics.counter(UNDESERIALIZABLE_EVENTS);
    }

    @Override
    public void start() {
        try {
            schema.open(new DeserializationSchema.InitializationContext() {
                @Override
                public MetricGroup getMetricGroup() {
                    return context.metricGroup().addGroup("deserializer");
                }

                @Override
                public UserCodeClassLoader getUserCodeClassLoader() {
                    return context.getUserCodeClassLoader();
                }
            });
        } catch (Exception e) {
            throw new FlinkRuntimeException("Could not open the deserialization schema " + schema, e);
        }
    }

    @Override
    public void addSplits(List<PravegaSplit> splits) {
        if (split != null || splits.isEmpty()) {
            LOG.warn("Pravega reader subtask {} already reads as {}; ignoring {}", context.getIndexOfSubtask(), split, splits);
            return;
        }
        split = splits.get(0);
        clientFactory = EventStreamClientFactory.withScope(
                config.getReaderGroupScope(), config.getPravegaConfig().getClientConfig());
        pravegaReader = clientFactory.createReader(
                split.getReaderId(), config.getReaderGroupName(), new ByteBufferSerializer(), ReaderConfig.builder().build());
        fetcher = new EventFetcher(pravegaReader, handover, config.getEventReadTimeout().toMillis(), split.getReaderId());
        fetcherThread = new Thread(fetcher, "pravega-reader-" + config.getReaderGroupName() + "-" + split.getReaderId());
        fetcherThread.setDaemon(true);
        if (endOfInputRequested) {
            fetcher.finish();
        }
        fetcherThread.start();
        LOG.info("Subtask {} reads reader group {} as {}", context.getIndexOfSubtask(), config.getReaderGroupName(),
                split.getReaderId());
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (failure != null) {
            throw new FlinkRuntimeException(failure);
        }
        if (checkpointToReport != null || checkpointToTake != null) {
            // Nothing after the checkpoint event may pass before the barrier.
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
            emit((FetchedElements.Event) next, output);
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

    private void emit(FetchedElements.Event event, ReaderOutput<T> output) throws IOException {
        int size = event.bytes.remaining();
        recordsIn.inc();
        bytesIn.inc(size);
        collector.output = output;
        try {
            deserialize(event, collector);
        } catch (Exception e) {
            if (!config.isSkipUndeserializableEvents()) {
                throw new IOException("Could not deserialize an event of " + size + " bytes from Pravega stream '"
                        + event.pointer.getStream().getScopedName() + "' at " + event.pointer + " with "
                        + schema.getClass().getName() + ". Fix the schema or the data, or let the reader skip such "
                        + "events with FlinkPravegaReader.builder().withSkipUndeserializableEvents(true).", e);
            }
            undeserializable.inc();
            LOG.warn("Skipped an undeserializable event from {} at {}: {}", event.pointer.getStream().getScopedName(),
                    event.pointer, e.toString());
        }
    }

    private void deserialize(FetchedElements.Event event, Collector<T> out) throws IOException {
        if (schema instanceof PravegaDeserializationSchemaWithMetadata) {
            PravegaEventMetadata metadata = new PravegaEventMetadata(
                    event.pointer.getStream(), event.pointer, PravegaEventMetadata.UNKNOWN, PravegaEventMetadata.UNKNOWN);
            T value = ((PravegaDeserializationSchemaWithMetadata<T>) schema)
                    .deserialize(ByteBuffers.toArray(event.bytes), metadata);
            if (value != null) {
                out.collect(value);
            }
        } else if (schema instanceof PravegaDeserializationSchema) {
            // The Pravega serializer reads the buffer directly: no copy.
            T value = ((PravegaDeserializationSchema<T>) schema).deserialize(event.bytes);
            if (value != null) {
                out.collect(value);
            }
        } else {
            schema.deserialize(ByteBuffers.toArray(event.bytes), out);
        }
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
        } else if (sourceEvent instanceof ReaderFailureEvent) {
            failure = ((ReaderFailureEvent) sourceEvent).getMessage();
            handover.wakeUp();
        } else if (sourceEvent instanceof EndOfInputEvent) {
            endOfInputRequested = true;
            if (fetcher != null) {
                fetcher.finish();
            }
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
            LOG.warn("Could not take Pravega reader {} offline cleanly: {}", split.getReaderId(), e.toString());
        } finally {
            pravegaReader = null;
            if (clientFactory != null) {
                try {
                    clientFactory.close();
                } catch (RuntimeException e) {
                    LOG.warn("Could not close the client factory of Pravega reader {}", split.getReaderId(), e);
                }
                clientFactory = null;
            }
        }
    }

    /** Routes the schema's output to the reader output of the current call. */
    private static final class CollectingOutput<T> implements Collector<T> {
        ReaderOutput<T> output;

        @Override
        public void collect(T record) {
            output.collect(record);
        }

        @Override
        public void close() {}
    }
}
