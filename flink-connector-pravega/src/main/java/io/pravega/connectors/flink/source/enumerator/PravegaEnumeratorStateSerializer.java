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
package io.pravega.connectors.flink.source.enumerator;

import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.connectors.flink.source.enumerator.readergroup.ReaderGroupEnumeratorState;
import io.pravega.connectors.flink.source.enumerator.segment.SegmentEnumeratorState;
import io.pravega.connectors.flink.source.split.PravegaSplitSerializer;
import io.pravega.connectors.flink.source.split.SegmentSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Version 2: a kind byte, then the state.
 *
 * <ul>
 *   <li>Reader group (kind 0): as version 1.
 *   <li>Segments (kind 1): the unassigned splits, then the assigned ones, each a count followed by
 *       the splits in {@link PravegaSplitSerializer#writeSegmentSplit} format.
 * </ul>
 *
 * <p>Version 1 (reader group only): the Pravega checkpoint ({@code Checkpoint.toBytes},
 * length-prefixed), then the number of streams and for each: scoped name (UTF), bounded flag, and
 * the end cut's bytes (length-prefixed) if bounded.
 */
@Internal
public final class PravegaEnumeratorStateSerializer
        implements SimpleVersionedSerializer<PravegaEnumeratorState> {

    public static final PravegaEnumeratorStateSerializer INSTANCE =
            new PravegaEnumeratorStateSerializer();
    private static final int VERSION = 2;
    private static final byte READER_GROUP = 0;
    private static final byte SEGMENTS = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PravegaEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        if (state instanceof SegmentEnumeratorState) {
            SegmentEnumeratorState segments = (SegmentEnumeratorState) state;
            out.writeByte(SEGMENTS);
            writeSplits(out, segments.getUnassigned());
            writeSplits(out, segments.getAssigned());
        } else {
            out.writeByte(READER_GROUP);
            writeReaderGroupState(out, (ReaderGroupEnumeratorState) state);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        if (version == 1) {
            return readReaderGroupState(in);
        }
        if (version != VERSION) {
            throw new IOException(
                    "Unknown version "
                            + version
                            + " of the Pravega reader state; this connector reads "
                            + "versions 1 to "
                            + VERSION
                            + ". Was the checkpoint written by a newer connector?");
        }
        byte kind = in.readByte();
        switch (kind) {
            case READER_GROUP:
                return readReaderGroupState(in);
            case SEGMENTS:
                List<SegmentSplit> unassigned = readSplits(in);
                return new SegmentEnumeratorState(unassigned, readSplits(in));
            default:
                throw new IOException(
                        "Unknown kind "
                                + kind
                                + " of Pravega reader state in version "
                                + version
                                + ".");
        }
    }

    private static void writeReaderGroupState(
            DataOutputSerializer out, ReaderGroupEnumeratorState state) throws IOException {
        writeBytes(out, state.getCheckpoint().toBytes());
        out.writeInt(state.getEndCuts().size());
        for (Map.Entry<Stream, StreamCut> entry : state.getEndCuts().entrySet()) {
            out.writeUTF(entry.getKey().getScopedName());
            boolean bounded = !StreamCut.UNBOUNDED.equals(entry.getValue());
            out.writeBoolean(bounded);
            if (bounded) {
                writeBytes(out, entry.getValue().toBytes());
            }
        }
    }

    private static ReaderGroupEnumeratorState readReaderGroupState(DataInputDeserializer in)
            throws IOException {
        Checkpoint checkpoint = Checkpoint.fromBytes(readBytes(in));
        int streams = in.readInt();
        Map<Stream, StreamCut> endCuts = new LinkedHashMap<>();
        for (int i = 0; i < streams; i++) {
            Stream stream = Stream.of(in.readUTF());
            endCuts.put(
                    stream,
                    in.readBoolean() ? StreamCut.fromBytes(readBytes(in)) : StreamCut.UNBOUNDED);
        }
        return new ReaderGroupEnumeratorState(checkpoint, endCuts);
    }

    private static void writeSplits(DataOutputSerializer out, List<SegmentSplit> splits)
            throws IOException {
        out.writeInt(splits.size());
        for (SegmentSplit split : splits) {
            PravegaSplitSerializer.writeSegmentSplit(split, out);
        }
    }

    private static List<SegmentSplit> readSplits(DataInputDeserializer in) throws IOException {
        int count = in.readInt();
        List<SegmentSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            splits.add(PravegaSplitSerializer.readSegmentSplit(in));
        }
        return splits;
    }

    private static void writeBytes(DataOutputSerializer out, ByteBuffer buffer) throws IOException {
        ByteBuffer bytes = buffer.duplicate();
        out.writeInt(bytes.remaining());
        while (bytes.hasRemaining()) {
            out.writeByte(bytes.get());
        }
    }

    private static ByteBuffer readBytes(DataInputDeserializer in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
