package io.pravega.connectors.flink.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;

/** Version 1: subtask index (int), reader id (UTF). */
@Internal
public final class PravegaSplitSerializer implements SimpleVersionedSerializer<PravegaSplit> {

    public static final PravegaSplitSerializer INSTANCE = new PravegaSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PravegaSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(split.getSubtaskIndex());
        out.writeUTF(split.getReaderId());
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown version " + version + " of a Pravega split; this connector reads version "
                    + VERSION + ". Was the state written by a newer connector?");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return new PravegaSplit(in.readInt(), in.readUTF());
    }
}
