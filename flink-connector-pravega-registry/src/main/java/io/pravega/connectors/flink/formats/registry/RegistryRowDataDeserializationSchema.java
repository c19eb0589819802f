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
package io.pravega.connectors.flink.formats.registry;

import io.pravega.client.stream.Serializer;
import io.pravega.connectors.flink.formats.registry.avro.AvroRowConverter;
import io.pravega.connectors.flink.formats.registry.json.JsonRowConverter;
import io.pravega.connectors.flink.formats.registry.protobuf.ProtobufRowConverter;
import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.client.exceptions.RegistryExceptions;
import io.pravega.schemaregistry.serializers.SerializerFactory;
import io.pravega.schemaregistry.serializers.WithSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DynamicMessage;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads rows written by any of the registry's serializers. Each event starts with an encoding id;
 * the registry says which schema and format it stands for, so events of older schema versions, or
 * of another format the group allows, are read by column name into the table's row type.
 */
@Internal
public final class RegistryRowDataDeserializationSchema implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    /** The registry serializers' header: protocol byte 0x1, then a 4-byte encoding id. */
    private static final byte PROTOCOL = 0x1;

    private static final int HEADER_SIZE = 1 + Integer.BYTES;

    private final RowType rowType;
    private final TypeInformation<RowData> producedType;
    private final RegistryGroup group;

    private transient Serializer<Object> deserializer;
    private transient AvroRowConverter avro;
    private transient JsonRowConverter json;
    private transient ProtobufRowConverter protobuf;

    public RegistryRowDataDeserializationSchema(
            RowType rowType, TypeInformation<RowData> producedType, RegistryGroup group) {
        this.rowType = rowType;
        this.producedType = producedType;
        this.group = group;
    }

    @Override
    public void open(InitializationContext context) {
        SchemaRegistryClient client = group.client();
        group.properties(client); // fails at job start if the registry or the group is missing
        deserializer = SerializerFactory.genericDeserializer(group.serializerConfig(client, false));
    }

    @Override
    public RowData deserialize(byte[] message) throws IOException {
        if (message.length < HEADER_SIZE || message[0] != PROTOCOL) {
            throw new IOException(
                    "The event has no Schema Registry header (protocol byte 0x1 and an encoding id), "
                            + "so it was not written by a registry serializer of the "
                            + group
                            + ". Write the stream with the registry's serializers, or read it with "
                            + "another format.");
        }
        Object value;
        try {
            value = deserializer.deserialize(ByteBuffer.wrap(message));
        } catch (RuntimeException e) {
            // The serializer's encoding cache wraps what the registry says in Guava's exception.
            if (!isNotFound(e)) {
                throw e;
            }
            int encodingId = ByteBuffer.wrap(message, 1, Integer.BYTES).getInt();
            throw new IOException(
                    "The event's encoding id "
                            + encodingId
                            + " is unknown to the "
                            + group
                            + ". The event was written for another group or another registry; read the "
                            + "stream with that group ('pravega-registry.group-id', "
                            + "'pravega-registry.namespace', 'pravega-registry.uri').",
                    e);
        }
        return toRow(value);
    }

    private static boolean isNotFound(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RegistryExceptions.ResourceNotFoundException) {
                return true;
            }
        }
        return false;
    }

    private RowData toRow(Object value) throws IOException {
        Object object = value instanceof WithSchema ? ((WithSchema<?>) value).getObject() : value;
        if (object instanceof GenericRecord) {
            if (avro == null) {
                avro = new AvroRowConverter(rowType);
            }
            return avro.toRow((GenericRecord) object);
        }
        if (object instanceof DynamicMessage) {
            if (protobuf == null) {
                protobuf = new ProtobufRowConverter(rowType);
            }
            return protobuf.toRow((DynamicMessage) object);
        }
        if (object instanceof JsonNode) {
            if (json == null) {
                json = new JsonRowConverter(rowType);
            }
            return json.toRow((JsonNode) object);
        }
        throw new IOException(
                "The event holds a "
                        + (object == null ? "null" : object.getClass().getName())
                        + ", which the 'pravega-registry' format cannot turn into a row. It reads "
                        + "Avro records, Protobuf messages and JSON objects.");
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
