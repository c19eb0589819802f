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

import io.pravega.client.BatchClientFactory;
import io.pravega.client.batch.SegmentIterator;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.TruncatedDataException;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.source.split.PravegaSplit;
import io.pravega.connectors.flink.source.split.SegmentSplit;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Reads the segment splits of one reader subtask with Pravega's batch client, one split after the
 * other, in batches small enough to keep the fetcher responsive.
 */
@Internal
final class SegmentSplitReader implements SplitReader<SegmentEvent, PravegaSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentSplitReader.class);
    private static final int MAX_EVENTS_PER_FETCH = 10_000;
    private static final int MAX_BYTES_PER_FETCH = 4 * 1024 * 1024;

    private final PravegaConfig pravegaConfig;

    /** Clients for the reader's lifetime, opened on the first split. */
    private PravegaClients clients;

    private BatchClientFactory batchClient;
    private final ArrayDeque<SegmentSplit> splits = new ArrayDeque<>();
    private final ByteBufferSerializer serializer = new ByteBufferSerializer();

    private SegmentSplit current;
    private Segment currentSegment;
    private SegmentIterator<ByteBuffer> iterator;
    private volatile boolean wakeUp;

    SegmentSplitReader(PravegaConfig pravegaConfig) {
        this.pravegaConfig = pravegaConfig;
    }

    @Override
    public RecordsWithSplitIds<SegmentEvent> fetch() throws IOException {
        wakeUp = false;
        RecordsBySplits.Builder<SegmentEvent> records = new RecordsBySplits.Builder<>();
        if (current == null && !startNextSplit()) {
            return records.build();
        }
        String splitId = current.splitId();
        if (iterator == null) {
            // Nothing left to read: a finished split restored from state, or an empty range.
            records.addFinishedSplit(splitId);
            closeCurrentSplit();
            return records.build();
        }
        int events = 0;
        long bytes = 0;
        try {
            while (events < MAX_EVENTS_PER_FETCH && bytes < MAX_BYTES_PER_FETCH && !wakeUp) {
                if (!iterator.hasNext()) {
                    records.addFinishedSplit(splitId);
                    closeCurrentSplit();
                    break;
                }
                long offset = iterator.getOffset();
                ByteBuffer event = iterator.next();
                records.add(
                        splitId,
                        new SegmentEvent(event, currentSegment, offset, iterator.getOffset()));
                events++;
                bytes += event.remaining();
            }
        } catch (TruncatedDataException e) {
            throw new IOException(
                    "Segment "
                            + currentSegment.getScopedName()
                            + " was truncated while this bounded "
                            + "read was at offset "
                            + iterator.getOffset()
                            + ": the data from there on is gone. Read from the "
                            + "stream's current head instead, or stop truncating a stream while it "
                            + "is read.",
                    e);
        }
        return records.build();
    }

    private boolean startNextSplit() {
        current = splits.poll();
        if (current == null) {
            return false;
        }
        currentSegment = current.getSegment();
        if (current.isFinished()) {
            return true;
        }
        if (batchClient == null) {
            clients = PravegaClients.open(pravegaConfig, "segment-reader");
            batchClient = clients.batchClientFactory();
        }
        iterator = batchClient.readSegment(current.toSegmentRange(), serializer);
        LOG.debug("Reading {}", current);
        return true;
    }

    private void closeCurrentSplit() {
        if (iterator != null) {
            iterator.close();
        }
        iterator = null;
        current = null;
        currentSegment = null;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<PravegaSplit> splitsChanges) {
        if (!(splitsChanges instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("Unsupported split change " + splitsChanges);
        }
        for (PravegaSplit split : splitsChanges.splits()) {
            splits.add((SegmentSplit) split);
        }
    }

    @Override
    public void wakeUp() {
        wakeUp = true;
    }

    @Override
    public void close() {
        closeCurrentSplit();
        if (clients != null) {
            clients.close();
            clients = null;
            batchClient = null;
        }
    }
}
