package io.pravega.connectors.flink.serialization;

import io.pravega.client.stream.Serializer;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/** Checks shared by the schema adapters. */
@Internal
final class SerializerChecks {

    private SerializerChecks() {}

    /** Flink ships schemas to the TaskManagers, so the wrapped serializer must be serializable. */
    static <T> Serializer<T> checkSerializable(Serializer<T> serializer) {
        if (serializer == null) {
            throw new IllegalArgumentException("Pravega serializer must not be null.");
        }
        if (!(serializer instanceof Serializable)) {
            throw new IllegalArgumentException(
                    "Pravega serializer " + serializer.getClass().getName() + " does not implement "
                            + "java.io.Serializable. Flink sends it to the TaskManagers, so make the class "
                            + "Serializable, or write a Flink SerializationSchema/DeserializationSchema instead.");
        }
        return serializer;
    }
}
