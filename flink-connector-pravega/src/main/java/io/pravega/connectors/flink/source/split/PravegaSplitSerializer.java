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
package io.pravega.connectors.flink.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Version 2: a kind byte, then the split. Reader-group split (kind 0): subtask index (int), reader
 * id (UTF). Segment split (kind 1): scope (UTF), stream (UTF), segment id, start offset and end
 * offset (longs).
 *
 * <p>Version 1 (reader-group splits only): subtask index (int), reader id (UTF).
 */
@Internal
public final class PravegaSplitSerializer implements SimpleVersionedSerializer<PravegaSplit> {

    public static final PravegaSplitSerializer INSTANCE = new PravegaSplitSerializer();
    private static final int VERSION = 2;
    private static final byte READER_GROUP_SPLIT = 0;
    private static final byte SEGMENT_SPLIT = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PravegaSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        if (split instanceof SegmentSplit) {
            out.writeByte(SEGMENT_SPLIT);
            writeSegmentSplit((SegmentSplit) split, out);
        } else {
            ReaderGroupSplit readerSplit = (ReaderGroupSplit) split;
            out.writeByte(READER_GROUP_SPLIT);
            out.writeInt(readerSplit.getSubtaskIndex());
            out.writeUTF(readerSplit.getReaderId());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaSplit deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        if (version == 1) {
            return new ReaderGroupSplit(in.readInt(), in.readUTF());
        }
        if (version != VERSION) {
            throw new IOException(
                    "Unknown version "
                            + version
                            + " of a Pravega split; this connector reads versions "
                            + "1 to "
                            + VERSION
                            + ". Was the state written by a newer connector?");
        }
        byte kind = in.readByte();
        switch (kind) {
            case READER_GROUP_SPLIT:
                return new ReaderGroupSplit(in.readInt(), in.readUTF());
            case SEGMENT_SPLIT:
                return readSegmentSplit(in);
            default:
                throw new IOException(
                        "Unknown kind "
                                + kind
                                + " of a Pravega split in version "
                                + version
                                + " state.");
        }
    }

    /** Also the segment split format inside the enumerator's state. */
    public static void writeSegmentSplit(SegmentSplit split, DataOutputView out)
            throws IOException {
        out.writeUTF(split.getStream().getScope());
        out.writeUTF(split.getStream().getStreamName());
        out.writeLong(split.getSegmentId());
        out.writeLong(split.getStartOffset());
        out.writeLong(split.getEndOffset());
    }

    public static SegmentSplit readSegmentSplit(DataInputView in) throws IOException {
        return new SegmentSplit(
                in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readLong());
    }
}
