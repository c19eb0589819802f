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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.util.Collector;

import java.io.IOException;

/**
 * A deserialization schema that also sees where each event came from. The Pravega reader calls
 * {@link #deserialize(byte[], PravegaEventMetadata, Collector)}, which by default emits the one
 * record of {@link #deserialize(byte[], PravegaEventMetadata)}; override it for zero or several
 * records per event (changelog formats).
 */
@PublicEvolving
public abstract class PravegaDeserializationSchemaWithMetadata<T>
        implements DeserializationSchema<T> {

    private static final long serialVersionUID = 1L;

    /** Deserializes one event; {@code null} skips it. */
    public abstract T deserialize(byte[] message, PravegaEventMetadata metadata) throws IOException;

    /** Emits the records of one event; the Pravega reader calls this. */
    public void deserialize(byte[] message, PravegaEventMetadata metadata, Collector<T> out)
            throws IOException {
        T value = deserialize(message, metadata);
        if (value != null) {
            out.collect(value);
        }
    }

    /** Not used: this schema needs the event's metadata, which only the Pravega reader has. */
    @Override
    public final T deserialize(byte[] message) {
        throw new UnsupportedOperationException(
                getClass().getName()
                        + " needs event metadata and works only with the Pravega reader, which "
                        + "calls "
                        + "deserialize(byte[], PravegaEventMetadata).");
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }
}
