package io.pravega.connectors.flink.source.reader;

import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.connectors.flink.source.CheckpointNames;
import io.pravega.connectors.flink.util.JvmErrors;

import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * Runs one Pravega reader on a thread of its own. It never stops at a checkpoint event: a
 * reader-group checkpoint completes only once every reader has read past it, and the enumerator
 * waits for that before Flink sends the barrier. The task thread holds back what comes after.
 */
@Internal
final class EventFetcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFetcher.class);

    private final EventStreamReader<ByteBuffer> reader;
    private final Handover handover;
    private final long readTimeoutMs;
    private final String readerId;
    private final String readerGroup;
    private final URI controllerUri;
    private final SegmentReleaseWatch releaseWatch;
    private volatile boolean running = true;

    EventFetcher(EventStreamReader<ByteBuffer> reader, Handover handover, long readTimeoutMs, String readerId,
            String readerGroup, URI controllerUri, SegmentReleaseWatch releaseWatch) {
        this.reader = reader;
        this.releaseWatch = releaseWatch;
        this.handover = handover;
        this.readTimeoutMs = readTimeoutMs;
        this.readerId = readerId;
        this.readerGroup = readerGroup;
        this.controllerUri = controllerUri;
    }

    @Override
    public void run() {
        try {
            while (running) {
                EventRead<ByteBuffer> read = reader.readNextEvent(readTimeoutMs);
                releaseWatch.observe(read.getPosition(), System.nanoTime(), read.getEvent() == null);
                if (read.isCheckpoint()) {
                    // Release checkpoints are passed over: the next read releases finished segments.
                    OptionalLong id = CheckpointNames.checkpointId(read.getCheckpointName());
                    if (id.isPresent()) {
                        handover.put(new FetchedElements.CheckpointMarker(id.getAsLong()));
                    }
                } else if (read.getEvent() != null) {
                    handover.put(new FetchedElements.Event(read.getEvent(), read.getEventPointer()));
                } else if (read.isReadCompleted()) {
                    handover.put(FetchedElements.END_OF_INPUT);
                    return;
                }
            }
        } catch (Handover.ClosedException | InterruptedException e) {
            // The source reader is closing.
        } catch (Throwable t) {
            if (running) {
                LOG.warn("Pravega reader {} failed", readerId, t);
                // The client's own errors (e.g. a timeout reading the group's state) say neither
                // which Pravega nor what to do.
                handover.reportError(new IOException("Pravega reader " + readerId + " of reader group " + readerGroup
                        + " could not read from Pravega at " + controllerUri + ": " + t + ". "
                        + JvmErrors.adviceFor(t, "If Pravega is down or unreachable, start it or fix the controller "
                                + "URI;") + " The job restarts from its last checkpoint.", t));
            }
        }
    }

    void stop() {
        running = false;
    }
}
