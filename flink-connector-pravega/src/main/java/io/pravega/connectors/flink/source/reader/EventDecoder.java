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
package io.pravega.connectors.flink.source.reader;

import io.pravega.connectors.flink.serialization.ByteBuffers;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchemaWithMetadata;
import io.pravega.connectors.flink.source.event.ReaderStartFailedEvent;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.UserCodeClassLoader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns event bytes into records with the user's schema, for both read paths: counts the bytes, and
 * fails on an undeserializable event with its position, or skips and counts it if asked.
 */
@Internal
public final class EventDecoder<T> {

    private static final Logger LOG = LoggerFactory.getLogger(EventDecoder.class);
    public static final String UNDESERIALIZABLE_EVENTS = "numUndeserializableEvents";

    private final SourceReaderContext context;
    private final DeserializationSchema<T> schema;
    private final boolean skipUndeserializable;
    private final Counter bytesIn;
    private final Counter undeserializable;
    private final Decoded<T> decoded = new Decoded<>();
    private FlinkRuntimeException openFailure;

    public EventDecoder(
            SourceReaderContext context,
            DeserializationSchema<T> schema,
            boolean skipUndeserializable) {
        this.context = context;
        this.schema = schema;
        this.skipUndeserializable = skipUndeserializable;
        this.bytesIn = context.metricGroup().getIOMetricGroup().getNumBytesInCounter();
        this.undeserializable = context.metricGroup().counter(UNDESERIALIZABLE_EVENTS);
        open(context);
    }

    private void open(SourceReaderContext context) {
        try {
            schema.open(
                    new DeserializationSchema.InitializationContext() {
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
            // Not thrown here: the reader is built before the task opens its operators, and a task
            // that fails then cannot close a collect sink it has not opened; Flink then takes the
            // whole TaskManager down. The reader's start() reports it instead.
            openFailure =
                    new FlinkRuntimeException(
                            "Could not open the deserialization schema " + schema, e);
        }
    }

    /**
     * Called from the reader's start(): if the schema did not open, sends the failure to the
     * enumerator, which fails the job with it; the reader must then read nothing ({@link
     * #openFailed()}) until it is cancelled. Failing the reader's own task instead races the split
     * assignment the enumerator sends when the reader registers: Flink may then report the lost
     * assignment and drop this failure.
     */
    public void reportOpenFailure() {
        if (openFailure == null) {
            return;
        }
        LOG.error(
                "Source reader subtask {} could not open its deserialization schema; the"
                        + " enumerator fails the job",
                context.getIndexOfSubtask(),
                openFailure);
        context.sendSourceEventToCoordinator(new ReaderStartFailedEvent(openFailure));
    }

    /** Whether the schema did not open: the reader reads nothing then. */
    public boolean openFailed() {
        return openFailure != null;
    }

    private void checkOpened() {
        if (openFailure != null) {
            throw openFailure;
        }
    }

    public void decode(EventOrigin event, SourceOutput<T> output) throws IOException {
        checkOpened();
        int size = event.bytes().remaining();
        bytesIn.inc(size);
        decoded.clear();
        try {
            deserialize(event, decoded);
        } catch (Exception e) {
            decoded.clear();
            if (!skipUndeserializable) {
                throw new IOException(
                        "Could not deserialize an event of "
                                + size
                                + " bytes from Pravega stream '"
                                + event.metadata().getStream().getScopedName()
                                + "' at "
                                + event.describePosition()
                                + " with "
                                + schema.getClass().getName()
                                + ". Fix the schema or the data, or let the reader skip such "
                                + "events with "
                                + "FlinkPravegaReader.builder().withSkipUndeserializableEvents(true).",
                        e);
            }
            undeserializable.inc();
            LOG.warn(
                    "Skipped an undeserializable event from {} at {}",
                    event.metadata().getStream().getScopedName(),
                    event.describePosition(),
                    e);
            return;
        }
        // Emitted only now: collect() runs the chained operators, and their failures are neither
        // a bad event nor something to skip.
        for (T record : decoded.records) {
            output.collect(record);
        }
        decoded.clear();
    }

    private void deserialize(EventOrigin event, Collector<T> out) throws IOException {
        if (schema instanceof PravegaDeserializationSchemaWithMetadata) {
            ((PravegaDeserializationSchemaWithMetadata<T>) schema)
                    .deserialize(ByteBuffers.toArray(event.bytes()), event.metadata(), out);
        } else if (schema instanceof PravegaDeserializationSchema) {
            // The Pravega serializer reads the buffer directly: no copy.
            T value = ((PravegaDeserializationSchema<T>) schema).deserialize(event.bytes());
            if (value != null) {
                out.collect(value);
            }
        } else {
            schema.deserialize(ByteBuffers.toArray(event.bytes()), out);
        }
    }

    /** The records of one event, held until it is fully deserialized. */
    private static final class Decoded<T> implements Collector<T> {
        final List<T> records = new ArrayList<>(1);

        @Override
        public void collect(T record) {
            records.add(record);
        }

        void clear() {
            records.clear();
        }

        @Override
        public void close() {}
    }
}
