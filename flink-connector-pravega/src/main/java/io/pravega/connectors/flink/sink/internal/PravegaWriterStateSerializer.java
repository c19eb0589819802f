package io.pravega.connectors.flink.sink.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.UUID;

/** Version 1: scoped stream (UTF), open transaction id (two longs). */
@Internal
public final class PravegaWriterStateSerializer implements SimpleVersionedSerializer<PravegaWriterState> {

    public static final PravegaWriterStateSerializer INSTANCE = new PravegaWriterStateSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PravegaWriterState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(state.getScopedStream());
        out.writeLong(state.getOpenTxnId().getMostSignificantBits());
        out.writeLong(state.getOpenTxnId().getLeastSignificantBits());
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown version " + version + " of a Pravega writer state; this connector reads "
                    + "version " + VERSION + ". Was the state written by a newer connector?");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return new PravegaWriterState(in.readUTF(), new UUID(in.readLong(), in.readLong()));
    }
}
