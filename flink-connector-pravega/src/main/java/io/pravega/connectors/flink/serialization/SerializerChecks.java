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
                    "Pravega serializer "
                            + serializer.getClass().getName()
                            + " does not implement "
                            + "java.io.Serializable. Flink sends it to the TaskManagers, so make "
                            + "the class "
                            + "Serializable, or write a Flink "
                            + "SerializationSchema/DeserializationSchema instead.");
        }
        return serializer;
    }
}
