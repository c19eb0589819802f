package io.pravega.connectors.flink.serialization;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;

import java.io.IOException;

/**
 * A deserialization schema that also sees where each event came from. The Pravega reader calls
 * {@link #deserialize(byte[], PravegaEventMetadata)} instead of {@link #deserialize(byte[])}.
 */
@PublicEvolving
public abstract class PravegaDeserializationSchemaWithMetadata<T> implements DeserializationSchema<T> {

    private static final long serialVersionUID = 1L;

    /** Deserializes one event; {@code null} skips it. */
    public abstract T deserialize(byte[] message, PravegaEventMetadata metadata) throws IOException;

    /** Not used: this schema needs the event's metadata, which only the Pravega reader has. */
    @Override
    public final T deserialize(byte[] message) {
        throw new UnsupportedOperationException(
                getClass().getName() + " needs event metadata and works only with the Pravega reader, which calls "
                        + "deserialize(byte[], PravegaEventMetadata).");
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }
}
