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
package io.pravega.connectors.flink.testing;

import io.pravega.client.stream.Serializer;
import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.client.SchemaRegistryClientConfig;
import io.pravega.schemaregistry.client.SchemaRegistryClientFactory;
import io.pravega.schemaregistry.client.exceptions.RegistryExceptions;
import io.pravega.schemaregistry.contract.data.Compatibility;
import io.pravega.schemaregistry.contract.data.GroupProperties;
import io.pravega.schemaregistry.contract.data.SchemaInfo;
import io.pravega.schemaregistry.contract.data.SchemaWithVersion;
import io.pravega.schemaregistry.contract.data.SerializationFormat;
import io.pravega.schemaregistry.contract.data.VersionInfo;
import io.pravega.schemaregistry.serializer.avro.schemas.AvroSchema;
import io.pravega.schemaregistry.serializer.shared.impl.SerializerConfig;
import io.pravega.schemaregistry.serializers.SerializerFactory;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedSchemaRegistryTest {

    private static final String NAMESPACE = "embedded-test";
    private static final String GROUP = "users";

    /** The JDK's HTTP client keeps idle connections with this thread for a few seconds. */
    private static final String CLIENT_KEEP_ALIVE_THREAD = "Keep-Alive-Timer";

    private static final Schema USER_V1 =
            SchemaBuilder.record("User")
                    .namespace("io.pravega.connectors.flink.testing")
                    .fields()
                    .requiredString("name")
                    .requiredInt("age")
                    .endRecord();

    /**
     * A new required field without a default: a reader with this schema cannot read records written
     * with {@link #USER_V1}, so BACKWARD compatibility must refuse it.
     */
    private static final Schema USER_WITH_REQUIRED_EMAIL =
            SchemaBuilder.record("User")
                    .namespace("io.pravega.connectors.flink.testing")
                    .fields()
                    .requiredString("name")
                    .requiredInt("age")
                    .requiredString("email")
                    .endRecord();

    @Test
    void servesGroupsSchemasAndSerializersThenStopsEveryThread() throws Exception {
        LiveThreads baseline = LiveThreads.settled(Duration.ofMillis(500), Duration.ofSeconds(5));
        URI uri;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start()) {
            uri = registry.uri();
            assertThat(uri.getScheme()).isEqualTo("http");
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            assertThat(uri.getPort()).isPositive();

            SchemaRegistryClientConfig registryConfig =
                    SchemaRegistryClientConfig.builder().schemaRegistryUri(uri).build();
            AvroSchema<Object> v1 = AvroSchema.of(USER_V1);
            try (SchemaRegistryClient client =
                    SchemaRegistryClientFactory.withNamespace(NAMESPACE, registryConfig)) {
                assertThat(
                                client.addGroup(
                                        GROUP,
                                        new GroupProperties(
                                                SerializationFormat.Avro,
                                                Compatibility.backward(),
                                                false)))
                        .isTrue();
                assertThat(client.getGroupProperties(GROUP).getSerializationFormat())
                        .isEqualTo(SerializationFormat.Avro);

                VersionInfo version = client.addSchema(GROUP, v1.getSchemaInfo());
                SchemaInfo stored = client.getSchemaForVersion(GROUP, version);
                assertThat(new Schema.Parser().parse(schemaText(stored))).isEqualTo(USER_V1);
                SchemaWithVersion latest =
                        client.getLatestSchemaVersion(GROUP, USER_V1.getFullName());
                assertThat(latest.getVersionInfo()).isEqualTo(version);

                assertThatThrownBy(
                                () ->
                                        client.addSchema(
                                                GROUP,
                                                AvroSchema.of(USER_WITH_REQUIRED_EMAIL)
                                                        .getSchemaInfo()))
                        .isInstanceOf(RegistryExceptions.SchemaValidationFailedException.class);
                assertThat(client.getSchemas(GROUP)).hasSize(1);
            }

            SerializerConfig serializerConfig =
                    SerializerConfig.builder()
                            .groupId(GROUP)
                            .namespace(NAMESPACE)
                            .registryConfig(registryConfig)
                            .build();
            Serializer<Object> serializer = SerializerFactory.avroSerializer(serializerConfig, v1);
            Serializer<Object> deserializer =
                    SerializerFactory.avroGenericDeserializer(serializerConfig, null);
            GenericRecord user = new GenericData.Record(USER_V1);
            user.put("name", "ada");
            user.put("age", 36);
            ByteBuffer bytes = serializer.serialize(user);
            Object read = deserializer.deserialize(bytes);
            assertThat(read).isInstanceOf(GenericRecord.class);
            assertThat(((GenericRecord) read).get("name").toString()).isEqualTo("ada");
            assertThat(((GenericRecord) read).get("age")).isEqualTo(36);
        }

        // Tolerance for the JDK's HTTP keep-alive thread of the registry client, which ends by
        // itself after idling for a few seconds.
        LiveThreads after =
                LiveThreads.await(
                        threads -> threads.count() <= baseline.count() + 2, Duration.ofSeconds(10));
        assertThat(after.count())
                .as("threads still alive after close:%n%s", after.newSince(baseline))
                .isLessThanOrEqualTo(baseline.count() + 2);
        // Stricter, by name: the count's tolerance would hide one leaked server thread per start
        // (Grizzly's "HttpServer-0" did leak before close() finished its shutdown).
        LiveThreads named =
                LiveThreads.await(
                        threads ->
                                threads.newByName(baseline).keySet().stream()
                                        .allMatch(CLIENT_KEEP_ALIVE_THREAD::equals),
                        Duration.ofSeconds(10));
        assertThat(named.newByName(baseline).keySet())
                .as("server threads still alive after close")
                .allMatch(CLIENT_KEEP_ALIVE_THREAD::equals);
        assertThat(canBind(uri.getPort())).as("port %s free after close", uri.getPort()).isTrue();
    }

    @Test
    void aTakenPortFailsTheStartClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + port + " is taken");
        }
    }

    @Test
    void embeddedPravegaStartsTheRegistryWhenAsked() throws Exception {
        URI registryUri;
        try (EmbeddedPravega pravega = EmbeddedPravega.builder().withSchemaRegistry().start()) {
            registryUri = pravega.getSchemaRegistryURI();
            SchemaRegistryClientConfig registryConfig =
                    SchemaRegistryClientConfig.builder().schemaRegistryUri(registryUri).build();
            try (SchemaRegistryClient client =
                    SchemaRegistryClientFactory.withNamespace(NAMESPACE, registryConfig)) {
                assertThat(
                                client.addGroup(
                                        GROUP,
                                        new GroupProperties(
                                                SerializationFormat.Avro,
                                                Compatibility.backward(),
                                                false)))
                        .isTrue();
            }
            assertThat(pravega.getControllerURI()).isNotNull();
        }
        assertThat(canBind(registryUri.getPort())).isTrue();
    }

    private static String schemaText(SchemaInfo info) {
        ByteBuffer buffer = info.getSchemaData().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
