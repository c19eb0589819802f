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

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

/**
 * Type names for schemas the connector derives. Avro and Protobuf names are dotted identifiers, so
 * scope and stream names (which may hold '-') are turned into identifiers.
 */
@Internal
public final class RegistryNames {

    private RegistryNames() {}

    /**
     * {@code namespace.group} as a dotted identifier, e.g. 'my-scope', 'sensors' to
     * 'my_scope.sensors'.
     */
    public static String typeName(@Nullable String namespace, String groupId) {
        String name = identifier(groupId);
        return namespace == null || namespace.isEmpty() ? name : identifier(namespace) + "." + name;
    }

    private static String identifier(String text) {
        String id = text.replaceAll("[^A-Za-z0-9_]", "_");
        return id.isEmpty() || Character.isDigit(id.charAt(0)) ? "_" + id : id;
    }
}
