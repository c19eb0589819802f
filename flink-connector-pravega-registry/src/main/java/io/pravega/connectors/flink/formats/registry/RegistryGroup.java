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

import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.client.exceptions.RegistryExceptions;
import io.pravega.schemaregistry.contract.data.GroupProperties;
import io.pravega.schemaregistry.contract.data.SchemaWithVersion;
import io.pravega.schemaregistry.serializer.shared.impl.SerializerConfig;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A registry group a table reads or writes: where it is, and the calls the format makes on it. */
@Internal
public final class RegistryGroup implements Serializable {

    private static final long serialVersionUID = 1L;

    private final URI uri;
    private final String namespace;
    private final String groupId;
    private final Duration timeout;

    public RegistryGroup(URI uri, String namespace, String groupId, Duration timeout) {
        this.uri = uri;
        this.namespace = namespace;
        this.groupId = groupId;
        this.timeout = timeout;
    }

    public URI uri() {
        return uri;
    }

    public String namespace() {
        return namespace;
    }

    public String groupId() {
        return groupId;
    }

    public SchemaRegistryClient client() {
        return OnDemandRegistryClient.create(uri, namespace, timeout);
    }

    /** The registry's serializer configuration for this group; nothing is registered implicitly. */
    public SerializerConfig serializerConfig(SchemaRegistryClient client, boolean registerSchema) {
        return SerializerConfig.builder()
                .groupId(groupId)
                .namespace(namespace)
                .registryClient(client)
                .registerSchema(registerSchema)
                .build();
    }

    /** The group's properties; a missing group fails with a message that says how to create it. */
    public GroupProperties properties(SchemaRegistryClient client) {
        try {
            return client.getGroupProperties(groupId);
        } catch (RegistryExceptions.ResourceNotFoundException e) {
            throw new IllegalStateException(
                    "The "
                            + this
                            + " does not exist. Create it (the Pravega catalog's CREATE TABLE does, "
                            + "as does the registry's REST API or a serializer built with "
                            + "SerializerConfig.createGroup), or name an existing group with "
                            + "'pravega-registry.group-id' and 'pravega-registry.namespace'.",
                    e);
        }
    }

    /** The group's latest schema, or null if it has none yet. */
    @Nullable
    public SchemaWithVersion latestSchema(SchemaRegistryClient client) {
        List<SchemaWithVersion> schemas = client.getSchemas(groupId);
        return schemas.isEmpty() ? null : schemas.get(schemas.size() - 1);
    }

    @Override
    public String toString() {
        return "registry group '"
                + groupId
                + "' in namespace '"
                + namespace
                + "' of Schema Registry at "
                + uri;
    }
}
