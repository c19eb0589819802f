package io.pravega.connectors.flink.serialization;

import io.pravega.client.stream.Serializer;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.nio.ByteBuffer;

/** Adapts a Pravega {@link Serializer} to Flink's {@link SerializationSchema}. */
@PublicEvolving
public class PravegaSerializationSchema<T> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final Serializer<T> serializer;

    /** @param serializer a Pravega serializer; it must be {@link java.io.Serializable}. */
    public PravegaSerializationSchema(Serializer<T> serializer) {
        this.serializer = SerializerChecks.checkSerializable(serializer);
    }

    @Override
    public byte[] serialize(T element) {
        return toArray(serializer.serialize(element));
    }

    /** The wrapped Pravega serializer. */
    public Serializer<T> getSerializer() {
        return serializer;
    }

    /** The buffer's remaining bytes, without a copy when the buffer wraps exactly one array. */
    static byte[] toArray(ByteBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
