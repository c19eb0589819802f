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
package io.pravega.connectors.flink.serialization;

import io.pravega.client.stream.Serializer;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Adapts a Pravega {@link Serializer} to Flink's {@link DeserializationSchema}. */
@PublicEvolving
public class PravegaDeserializationSchema<T> implements DeserializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> typeInfo;
    private final Serializer<T> serializer;

    /** For plain classes; use the {@link TypeInformation} constructor for generic types. */
    public PravegaDeserializationSchema(Class<T> typeClass, Serializer<T> serializer) {
        this(typeInfoOf(typeClass), serializer);
    }

    /** For any type, generic ones included: events are decoded by {@code serializer}. */
    public PravegaDeserializationSchema(TypeInformation<T> typeInfo, Serializer<T> serializer) {
        if (typeInfo == null) {
            throw new IllegalArgumentException("Produced type information must not be null.");
        }
        this.typeInfo = typeInfo;
        this.serializer = SerializerChecks.checkSerializable(serializer);
    }

    @Override
    public T deserialize(byte[] message) throws IOException {
        return deserialize(ByteBuffer.wrap(message));
    }

    /** Deserializes straight from a buffer, which saves the connector a copy. */
    public T deserialize(ByteBuffer message) throws IOException {
        try {
            return serializer.deserialize(message);
        } catch (RuntimeException e) {
            throw new IOException(
                    "Pravega serializer "
                            + serializer.getClass().getName()
                            + " failed to deserialize an event of "
                            + message.limit()
                            + " bytes: "
                            + e,
                    e);
        }
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return typeInfo;
    }

    /** The wrapped Pravega serializer. */
    public Serializer<T> getSerializer() {
        return serializer;
    }

    private static <T> TypeInformation<T> typeInfoOf(Class<T> typeClass) {
        if (typeClass == null) {
            throw new IllegalArgumentException("Produced type class must not be null.");
        }
        return TypeInformation.of(typeClass);
    }
}
