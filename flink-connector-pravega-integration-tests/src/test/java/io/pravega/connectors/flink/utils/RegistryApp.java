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
package io.pravega.connectors.flink.utils;

import io.pravega.client.ClientConfig;
import io.pravega.client.stream.Serializer;
import io.pravega.client.stream.Stream;
import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.client.SchemaRegistryClientConfig;
import io.pravega.schemaregistry.client.SchemaRegistryClientFactory;
import io.pravega.schemaregistry.contract.data.Compatibility;
import io.pravega.schemaregistry.contract.data.GroupProperties;
import io.pravega.schemaregistry.contract.data.SerializationFormat;
import io.pravega.schemaregistry.serializer.avro.schemas.AvroSchema;
import io.pravega.schemaregistry.serializer.json.schemas.JSONSchema;
import io.pravega.schemaregistry.serializer.protobuf.schemas.ProtobufSchema;
import io.pravega.schemaregistry.serializer.shared.impl.SerializerConfig;
import io.pravega.schemaregistry.serializers.SerializerFactory;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A plain Pravega application that uses Pravega Schema Registry's own serializers, as applications
 * outside Flink do: it writes and reads {@link Reading}s as Avro records, JSON objects (a Java
 * class, through Jackson) or Protobuf messages, under a group of its own schema.
 */
public final class RegistryApp {

    /** The application's record: what each format's type holds. */
    public static final class Reading {
        public int id;
        public String name;
        public double temperature;

        public Reading() {}

        public Reading(int id, String name, double temperature) {
            this.id = id;
            this.name = name;
            this.temperature = temperature;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Reading)) {
                return false;
            }
            Reading r = (Reading) o;
            return id == r.id && Objects.equals(name, r.name) && temperature == r.temperature;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, name, temperature);
        }

        @Override
        public String toString() {
            return "Reading(" + id + ", " + name + ", " + temperature + ")";
        }
    }

    /** The Avro schema the application registers. */
    public static final Schema AVRO =
            SchemaBuilder.record("Reading")
                    .namespace("io.example")
                    .fields()
                    .requiredInt("id")
                    .requiredString("name")
                    .requiredDouble("temperature")
                    .endRecord();

    /** The Protobuf message the application registers, as its generated code would describe it. */
    public static final DescriptorProtos.FileDescriptorSet PROTOBUF =
            DescriptorProtos.FileDescriptorSet.newBuilder()
                    .addFile(
                            DescriptorProtos.FileDescriptorProto.newBuilder()
                                    .setName("reading.proto")
                                    .setPackage("io.example")
                                    .setSyntax("proto3")
                                    .addMessageType(
                                            DescriptorProtos.DescriptorProto.newBuilder()
                                                    .setName("Reading")
                                                    .addField(
                                                            field(
                                                                    "id",
                                                                    1,
                                                                    DescriptorProtos
                                                                            .FieldDescriptorProto
                                                                            .Type.TYPE_INT32))
                                                    .addField(
                                                            field(
                                                                    "name",
                                                                    2,
                                                                    DescriptorProtos
                                                                            .FieldDescriptorProto
                                                                            .Type.TYPE_STRING))
                                                    .addField(
                                                            field(
                                                                    "temperature",
                                                                    3,
                                                                    DescriptorProtos
                                                                            .FieldDescriptorProto
                                                                            .Type.TYPE_DOUBLE))))
                    .build();

    private static DescriptorProtos.FieldDescriptorProto field(
            String name, int number, DescriptorProtos.FieldDescriptorProto.Type type) {
        return DescriptorProtos.FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(DescriptorProtos.FieldDescriptorProto.Label.LABEL_OPTIONAL)
                .build();
    }

    private final URI registry;
    private final SerializationFormat format;
    private final String namespace;
    private final String group;

    public RegistryApp(URI registry, SerializationFormat format, Stream stream) {
        this.registry = registry;
        this.format = format;
        this.namespace = stream.getScope();
        this.group = stream.getStreamName();
    }

    /**
     * Creates the group named after the stream, as the application's deployment would. The registry
     * checks compatibility for Avro only; other formats' groups must allow any schema.
     */
    public void createGroup(Compatibility compatibility) throws Exception {
        if (format != SerializationFormat.Avro) {
            compatibility = Compatibility.allowAny();
        }
        try (SchemaRegistryClient client = client()) {
            client.addGroup(
                    group,
                    GroupProperties.builder()
                            .serializationFormat(format)
                            .compatibility(compatibility)
                            .allowMultipleTypes(false)
                            .build());
        }
    }

    public SchemaRegistryClient client() {
        return SchemaRegistryClientFactory.withNamespace(
                namespace,
                SchemaRegistryClientConfig.builder().schemaRegistryUri(registry).build());
    }

    /** Writes the readings with the registry's serializer, which registers the app's schema. */
    public void write(ClientConfig clientConfig, Stream stream, List<Reading> readings)
            throws Exception {
        try (SchemaRegistryClient client = client()) {
            Serializer<Object> serializer = serializer(config(client, true));
            List<Object> events = readings.stream().map(this::toEvent).collect(Collectors.toList());
            RawEvents.write(clientConfig, stream, serializer, events, e -> null);
        }
    }

    /** Reads {@code expected} readings with the registry's deserializer for the app's type. */
    public List<Reading> read(ClientConfig clientConfig, Stream stream, int expected)
            throws Exception {
        try (SchemaRegistryClient client = client()) {
            Serializer<Object> deserializer = deserializer(config(client, false));
            List<Object> events =
                    RawEvents.read(
                            clientConfig,
                            stream,
                            deserializer,
                            read -> read.size() >= expected,
                            Duration.ofSeconds(60));
            return events.stream().map(this::fromEvent).collect(Collectors.toList());
        }
    }

    private SerializerConfig config(SchemaRegistryClient client, boolean register) {
        return SerializerConfig.builder()
                .groupId(group)
                .namespace(namespace)
                .registryClient(client)
                .registerSchema(register)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Serializer<Object> serializer(SerializerConfig config) {
        switch (format) {
            case Avro:
                return SerializerFactory.avroSerializer(config, AvroSchema.of(AVRO));
            case Json:
                return (Serializer)
                        SerializerFactory.jsonSerializer(config, JSONSchema.of(Reading.class));
            case Protobuf:
                return (Serializer)
                        SerializerFactory.protobufSerializer(
                                config, ProtobufSchema.of("io.example.Reading", PROTOBUF));
            default:
                throw new IllegalArgumentException(format.toString());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Serializer<Object> deserializer(SerializerConfig config) {
        switch (format) {
            case Avro:
                return SerializerFactory.avroGenericDeserializer(config, null);
            case Json:
                return (Serializer)
                        SerializerFactory.jsonDeserializer(config, JSONSchema.of(Reading.class));
            case Protobuf:
                return (Serializer) SerializerFactory.protobufGenericDeserializer(config, null);
            default:
                throw new IllegalArgumentException(format.toString());
        }
    }

    private Object toEvent(Reading reading) {
        switch (format) {
            case Avro:
                GenericRecord record = new GenericData.Record(AVRO);
                record.put("id", reading.id);
                record.put("name", reading.name);
                record.put("temperature", reading.temperature);
                return record;
            case Json:
                return reading;
            case Protobuf:
                Descriptors.Descriptor type = descriptor();
                return DynamicMessage.newBuilder(type)
                        .setField(type.findFieldByName("id"), reading.id)
                        .setField(type.findFieldByName("name"), reading.name)
                        .setField(type.findFieldByName("temperature"), reading.temperature)
                        .build();
            default:
                throw new IllegalArgumentException(format.toString());
        }
    }

    private Reading fromEvent(Object event) {
        if (event instanceof Reading) {
            return (Reading) event;
        }
        if (event instanceof GenericRecord) {
            GenericRecord record = (GenericRecord) event;
            return new Reading(
                    (Integer) record.get("id"),
                    record.get("name").toString(),
                    (Double) record.get("temperature"));
        }
        DynamicMessage message = (DynamicMessage) event;
        Descriptors.Descriptor type = message.getDescriptorForType();
        return new Reading(
                ((Number) message.getField(type.findFieldByName("id"))).intValue(),
                (String) message.getField(type.findFieldByName("name")),
                (Double) message.getField(type.findFieldByName("temperature")));
    }

    private static Descriptors.Descriptor descriptor() {
        try {
            Descriptors.FileDescriptor file =
                    Descriptors.FileDescriptor.buildFrom(
                            PROTOBUF.getFile(0), new Descriptors.FileDescriptor[0]);
            return file.findMessageTypeByName("Reading");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }
}
