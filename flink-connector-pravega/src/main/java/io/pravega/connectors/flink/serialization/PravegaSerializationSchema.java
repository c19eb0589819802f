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
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Adapts a Pravega {@link Serializer} to Flink's {@link SerializationSchema}. */
@PublicEvolving
public class PravegaSerializationSchema<T> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final Serializer<T> serializer;

    /**
     * @param serializer a Pravega serializer; it must be {@link java.io.Serializable}.
     */
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
