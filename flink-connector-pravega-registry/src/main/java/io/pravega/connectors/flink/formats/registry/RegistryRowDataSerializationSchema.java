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
import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.client.exceptions.RegistryExceptions;
import io.pravega.schemaregistry.contract.data.GroupProperties;
import io.pravega.schemaregistry.contract.data.SchemaInfo;
import io.pravega.schemaregistry.contract.data.SchemaWithVersion;
import io.pravega.schemaregistry.contract.data.SerializationFormat;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Writes rows with the registry's serializer: an encoding header, then the row in the group's
 * format. At open it registers the table's schema, so the registry's compatibility policy decides
 * whether the table may write to the group, before any event is written.
 */
@Internal
public final class RegistryRowDataSerializationSchema implements SerializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG =
            LoggerFactory.getLogger(RegistryRowDataSerializationSchema.class);

    private final RowType rowType;
    private final RegistryGroup group;
    @Nullable private final RegistryRowFormat format;

    private transient Serializer<Object> serializer;
    private transient Function<RowData, Object> writer;

    public RegistryRowDataSerializationSchema(
            RowType rowType, RegistryGroup group, @Nullable RegistryRowFormat format) {
        this.rowType = rowType;
        this.group = group;
        this.format = format;
    }

    @Override
    public void open(InitializationContext context) {
        SchemaRegistryClient client = group.client();
        GroupProperties properties = group.properties(client);
        RegistryRowFormat writeAs = formatFor(properties.getSerializationFormat());
        SchemaWithVersion latest = group.latestSchema(client);
        // Keep the name of the group's type: Avro and Protobuf tell types apart by name.
        String typeName =
                latest != null
                        ? latest.getSchemaInfo().getType()
                        : RegistryNames.typeName(group.namespace(), group.groupId());
        SchemaInfo schema = writeAs.schemaFor(rowType, typeName);
        try {
            serializer = writeAs.serializer(group.serializerConfig(client, true), schema);
        } catch (RegistryExceptions.SchemaValidationFailedException e) {
            throw new IllegalStateException(
                    "The table's columns "
                            + rowType
                            + " do not form a schema that the "
                            + group
                            + " accepts under its compatibility policy "
                            + properties.getCompatibility()
                            + ". Make the columns compatible with the group's schemas (for example, add "
                            + "new columns as nullable, and keep the existing ones), or change the "
                            + "group's compatibility policy in the registry.",
                    e);
        } catch (RegistryExceptions.SerializationMismatchException e) {
            throw new IllegalStateException(
                    "The " + group + " does not accept " + writeAs + " schemas: " + e.getMessage(),
                    e);
        }
        writer = writeAs.writer(rowType, schema);
        LOG.info("Writing {} rows of type '{}' to the {}.", writeAs, typeName, group);
    }

    private RegistryRowFormat formatFor(SerializationFormat groupFormat) {
        if (groupFormat == SerializationFormat.Any) {
            if (format == null) {
                throw new IllegalStateException(
                        "The "
                                + group
                                + " accepts any serialization format. Name the one to write with "
                                + "'pravega-registry.format' ('Avro', 'Json' or 'Protobuf').");
            }
            return format;
        }
        if (format != null && format.registryFormat() != groupFormat) {
            throw new IllegalStateException(
                    "'pravega-registry.format' is '"
                            + format
                            + "', but the "
                            + group
                            + " holds "
                            + groupFormat.getFullTypeName()
                            + " schemas. Remove the option, or set it to the group's format.");
        }
        try {
            return RegistryRowFormat.of(groupFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The " + group + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] serialize(RowData row) {
        ByteBuffer bytes = serializer.serialize(writer.apply(row));
        return Arrays.copyOfRange(
                bytes.array(),
                bytes.arrayOffset() + bytes.position(),
                bytes.arrayOffset() + bytes.limit());
    }
}
