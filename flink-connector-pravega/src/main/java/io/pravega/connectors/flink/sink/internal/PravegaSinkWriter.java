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
package io.pravega.connectors.flink.sink.internal;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.Serializer;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.PravegaEventRouter;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.util.JvmErrors;
import io.pravega.connectors.flink.util.PravegaClients;
import io.pravega.connectors.flink.util.StreamChecks;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.FlinkRuntimeException;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * One parallel writer of {@code FlinkPravegaWriter}: serializes and routes each record, counts it,
 * and hands it to the output that implements the writer mode.
 */
@Internal
public final class PravegaSinkWriter<T>
        implements CommittingSinkWriter<T, PravegaCommittable>,
                StatefulSinkWriter<T, PravegaWriterState> {

    public static final String PENDING_RECORDS = "pendingRecords";

    private final Stream stream;
    private final URI controllerUri;
    private final SerializationSchema<T> schema;
    @Nullable private final PravegaEventRouter<T> router;
    private final boolean watermarksEnabled;
    private final Counter recordsOut;
    private final Counter bytesOut;
    private final PravegaClients clients;
    private final EventStreamClientFactory clientFactory;
    private final EventOutput output;
    private long watermark = PravegaCommittable.NO_TIMESTAMP;

    public PravegaSinkWriter(
            WriterInitContext context,
            PravegaSinkConfig config,
            SerializationSchema<T> schema,
            @Nullable PravegaEventRouter<T> router,
            Collection<PravegaWriterState> recoveredState,
            HandOffKey handOffKey) {
        this.stream = config.getStream();
        this.controllerUri = config.getPravegaConfig().getControllerURI();
        this.schema = schema;
        this.router = router;
        this.watermarksEnabled = config.isWatermarksEnabled();
        this.recordsOut = context.metricGroup().getNumRecordsSendCounter();
        this.bytesOut = context.metricGroup().getNumBytesSendCounter();
        try {
            schema.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new FlinkRuntimeException("Could not open the serialization schema " + schema, e);
        }
        StreamChecks streamChecks = new StreamChecks(config.getPravegaConfig());
        if (config.getStreamCreationPolicy() != null) {
            streamChecks.createIfMissing(stream, config.getStreamCreationPolicy());
        } else {
            streamChecks.checkExists(stream);
        }
        PravegaClients.releaseWith(context.getUserCodeClassLoader());
        this.clients = PravegaClients.open(config.getPravegaConfig(), "writer");
        try {
            this.clientFactory = clients.eventStreamClientFactory(stream.getScope());
            this.output = createOutput(context, config, recoveredState, handOffKey);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
        if (config.isMetricsEnabled()) {
            context.metricGroup().gauge(PENDING_RECORDS, output::pending);
        }
    }

    private EventOutput createOutput(
            WriterInitContext context,
            PravegaSinkConfig config,
            Collection<PravegaWriterState> recoveredState,
            HandOffKey handOffKey) {
        ByteBufferSerializer bytes = new ByteBufferSerializer();
        if (config.getMode() == PravegaWriterMode.EXACTLY_ONCE) {
            String writerId =
                    "flink-"
                            + context.getTaskInfo().getIndexOfThisSubtask()
                            + "-"
                            + UUID.randomUUID();
            TransactionalEventStreamWriter<ByteBuffer> writer =
                    clientFactory.createTransactionalEventWriter(
                            writerId, stream.getStreamName(), bytes, config.writerConfig());
            TransactionHandOff.WriterSide handOff = TransactionHandOff.openWriterSide(handOffKey);
            try {
                return new TransactionalEventOutput(
                        writer,
                        stream,
                        config.getTxnLease(),
                        controllerUri,
                        recoveredState,
                        handOff);
            } catch (RuntimeException e) {
                // The writer goes with the client factory that the caller closes.
                handOff.close();
                throw e;
            }
        }
        return new AsyncEventOutput(
                clientFactory.createEventWriter(
                        stream.getStreamName(), bytes, config.writerConfig()),
                stream,
                controllerUri,
                config.getMode() == PravegaWriterMode.ATLEAST_ONCE,
                context.metricGroup().getNumRecordsOutErrorsCounter());
    }

    @Override
    public void write(T element, Context context) throws IOException {
        byte[] bytes;
        try {
            bytes = schema.serialize(element);
        } catch (RuntimeException e) {
            throw new IOException(
                    "Could not serialize a record for Pravega stream '"
                            + stream.getScopedName()
                            + "' with "
                            + schema.getClass().getName()
                            + ": "
                            + e.getMessage()
                            + ". Fix the schema or the record.",
                    e);
        }
        if (bytes.length > Serializer.MAX_EVENT_SIZE) {
            throw new IOException(
                    "A record serialized to "
                            + bytes.length
                            + " bytes, more than Pravega's limit of "
                            + Serializer.MAX_EVENT_SIZE
                            + " bytes (8 MiB) per event, so it cannot be written to stream '"
                            + stream.getScopedName()
                            + "'. Split or shrink such records before the sink.");
        }
        String routingKey = router == null ? null : router.getRoutingKey(element);
        try {
            output.write(routingKey, ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            throw failed(e);
        }
        recordsOut.inc();
        bytesOut.inc(bytes.length);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        try {
            output.flush();
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public void writeWatermark(Watermark watermark) {
        // The end of input is not a time readers could use.
        if (watermark.getTimestamp() == Watermark.MAX_WATERMARK.getTimestamp()) {
            return;
        }
        this.watermark = watermark.getTimestamp();
        if (watermarksEnabled) {
            output.noteTime(watermark.getTimestamp());
        }
    }

    @Override
    public Collection<PravegaCommittable> prepareCommit() throws IOException {
        try {
            return output.prepareCommit(
                    watermarksEnabled ? watermark : PravegaCommittable.NO_TIMESTAMP);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /**
     * The client's own errors (e.g. retries exhausted against a controller that is gone) name no
     * Pravega.
     */
    private IOException failed(RuntimeException e) {
        return new IOException(
                "The Pravega writer of stream '"
                        + stream.getScopedName()
                        + "' failed: "
                        + e
                        + ". "
                        + JvmErrors.adviceFor(
                                e,
                                "If Pravega at "
                                        + controllerUri
                                        + " is down or unreachable, start it or fix "
                                        + "the controller URI;")
                        + " The job restarts from its last checkpoint.",
                e);
    }

    @Override
    public List<PravegaWriterState> snapshotState(long checkpointId) {
        return output.snapshotState();
    }

    @Override
    public void close() {
        try {
            output.close();
        } finally {
            clients.close();
        }
    }
}
