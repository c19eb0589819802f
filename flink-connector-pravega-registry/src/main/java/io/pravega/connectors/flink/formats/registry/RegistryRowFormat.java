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
import io.pravega.connectors.flink.formats.registry.avro.AvroSchemas;
import io.pravega.connectors.flink.formats.registry.json.JsonRowConverter;
import io.pravega.connectors.flink.formats.registry.json.JsonSchemas;
import io.pravega.connectors.flink.formats.registry.protobuf.ProtobufRowConverter;
import io.pravega.connectors.flink.formats.registry.protobuf.ProtobufSchemas;
import io.pravega.schemaregistry.contract.data.SchemaInfo;
import io.pravega.schemaregistry.contract.data.SerializationFormat;
import io.pravega.schemaregistry.serializer.avro.schemas.AvroSchema;
import io.pravega.schemaregistry.serializer.json.schemas.JSONSchema;
import io.pravega.schemaregistry.serializer.protobuf.schemas.ProtobufSchema;
import io.pravega.schemaregistry.serializer.shared.impl.SerializerConfig;
import io.pravega.schemaregistry.serializers.SerializerFactory;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors;
import org.apache.avro.Schema;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The serialization formats the {@code 'pravega-registry'} format writes, each with its schema
 * derivation and its row conversion. Reading needs none of this: each event's encoding id names its
 * writer's schema and format.
 */
@Internal
public enum RegistryRowFormat {
    AVRO(SerializationFormat.Avro) {
        @Override
        public SchemaInfo schemaFor(RowType rowType, String typeName) {
            return AvroSchema.of(AvroSchemas.fromRowType(rowType, typeName)).getSchemaInfo();
        }

        @Override
        public RowType rowTypeOf(SchemaInfo schema) {
            return AvroSchemas.toRowType(AvroSchema.from(schema).getSchema());
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> serializer(SerializerConfig config, SchemaInfo schema) {
            return (Serializer) SerializerFactory.avroSerializer(config, AvroSchema.from(schema));
        }

        @Override
        Function<RowData, Object> writer(RowType rowType, SchemaInfo schema) {
            AvroRowConverter converter = new AvroRowConverter(rowType);
            Schema avro = AvroSchema.from(schema).getSchema();
            return row -> converter.toRecord(row, avro);
        }
    },

    JSON(SerializationFormat.Json) {
        @Override
        public SchemaInfo schemaFor(RowType rowType, String typeName) {
            return JSONSchema.of(
                            typeName, JsonSchemas.fromRowType(rowType, typeName), JsonNode.class)
                    .getSchemaInfo();
        }

        @Override
        public RowType rowTypeOf(SchemaInfo schema) {
            return JsonSchemas.toRowType(JSONSchema.from(schema).getSchemaString());
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> serializer(SerializerConfig config, SchemaInfo schema) {
            return (Serializer) SerializerFactory.jsonSerializer(config, JSONSchema.from(schema));
        }

        @Override
        Function<RowData, Object> writer(RowType rowType, SchemaInfo schema) {
            JsonRowConverter converter = new JsonRowConverter(rowType);
            return converter::toJson;
        }
    },

    PROTOBUF(SerializationFormat.Protobuf) {
        @Override
        public SchemaInfo schemaFor(RowType rowType, String typeName) {
            return ProtobufSchema.of(typeName, ProtobufSchemas.fromRowType(rowType, typeName))
                    .getSchemaInfo();
        }

        @Override
        public RowType rowTypeOf(SchemaInfo schema) {
            return ProtobufSchemas.toRowType(
                    ProtobufSchema.from(schema).getFileDescriptorSet(), schema.getType());
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> serializer(SerializerConfig config, SchemaInfo schema) {
            return (Serializer)
                    SerializerFactory.protobufSerializer(config, ProtobufSchema.from(schema));
        }

        @Override
        Function<RowData, Object> writer(RowType rowType, SchemaInfo schema) {
            ProtobufRowConverter converter = new ProtobufRowConverter(rowType);
            Descriptors.Descriptor descriptor =
                    ProtobufSchemas.descriptor(
                            ProtobufSchema.from(schema).getFileDescriptorSet(), schema.getType());
            return row -> converter.toMessage(row, descriptor);
        }
    };

    private final SerializationFormat registryFormat;

    RegistryRowFormat(SerializationFormat registryFormat) {
        this.registryFormat = registryFormat;
    }

    /** The registry's name of this format. */
    public SerializationFormat registryFormat() {
        return registryFormat;
    }

    /** The schema of rows of {@code rowType}, as the registry stores it under {@code typeName}. */
    public abstract SchemaInfo schemaFor(RowType rowType, String typeName);

    /** The row type that a schema of this format describes, for a catalog table. */
    public abstract RowType rowTypeOf(SchemaInfo schema);

    abstract Serializer<Object> serializer(SerializerConfig config, SchemaInfo schema);

    abstract Function<RowData, Object> writer(RowType rowType, SchemaInfo schema);

    /** The format a group of {@code format} holds; fails for formats rows cannot be written in. */
    public static RegistryRowFormat of(SerializationFormat format) {
        for (RegistryRowFormat value : values()) {
            if (value.registryFormat == format) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                "Rows cannot be written in serialization format '"
                        + format.getFullTypeName()
                        + "'. Supported: "
                        + names()
                        + ".");
    }

    /** Parses an option value such as 'Avro', 'json' or 'PROTOBUF'. */
    public static RegistryRowFormat parse(String name) {
        for (RegistryRowFormat value : values()) {
            if (value.name().equalsIgnoreCase(name.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                "Unknown serialization format '" + name + "'. Supported: " + names() + ".");
    }

    private static String names() {
        return Arrays.stream(values())
                .map(v -> "'" + v.registryFormat.name() + "'")
                .collect(Collectors.joining(", "));
    }

    /** The registry's own name of the format: Avro, Json or Protobuf. */
    @Override
    public String toString() {
        return registryFormat.name();
    }
}
