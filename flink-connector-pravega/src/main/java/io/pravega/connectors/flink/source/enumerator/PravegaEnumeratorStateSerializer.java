package io.pravega.connectors.flink.source.enumerator;

import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Version 1: the Pravega checkpoint ({@code Checkpoint.toBytes}, length-prefixed), then the
 * number of streams and for each: scoped name (UTF), bounded flag, and the end cut's bytes
 * (length-prefixed) if bounded.
 */
@Internal
public final class PravegaEnumeratorStateSerializer implements SimpleVersionedSerializer<PravegaEnumeratorState> {

    public static final PravegaEnumeratorStateSerializer INSTANCE = new PravegaEnumeratorStateSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PravegaEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
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
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown version " + version + " of the Pravega reader state; this connector reads "
                    + "version " + VERSION + ". Was the checkpoint written by a newer connector?");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        Checkpoint checkpoint = Checkpoint.fromBytes(readBytes(in));
        int streams = in.readInt();
        Map<Stream, StreamCut> endCuts = new LinkedHashMap<>();
        for (int i = 0; i < streams; i++) {
            Stream stream = Stream.of(in.readUTF());
            endCuts.put(stream, in.readBoolean() ? StreamCut.fromBytes(readBytes(in)) : StreamCut.UNBOUNDED);
        }
        return new PravegaEnumeratorState(checkpoint, endCuts);
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
