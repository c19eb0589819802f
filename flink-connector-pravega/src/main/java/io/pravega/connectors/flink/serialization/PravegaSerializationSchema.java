package io.pravega.connectors.flink.serialization;

import io.pravega.client.stream.Serializer;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;

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
        return ByteBuffers.toArray(serializer.serialize(element));
    }

    /** The wrapped Pravega serializer. */
    public Serializer<T> getSerializer() {
        return serializer;
    }
}
