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
package io.pravega.connectors.flink.table.catalog;

import io.pravega.client.ClientConfig;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.connectors.flink.formats.registry.PravegaRegistryFormatFactory;
import io.pravega.connectors.flink.formats.registry.RegistryGroup;
import io.pravega.connectors.flink.formats.registry.RegistryNames;
import io.pravega.connectors.flink.formats.registry.RegistryRowFormat;
import io.pravega.connectors.flink.util.BoundedCall;
import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.client.exceptions.RegistryExceptions;
import io.pravega.schemaregistry.contract.data.Compatibility;
import io.pravega.schemaregistry.contract.data.GroupProperties;
import io.pravega.schemaregistry.contract.data.SchemaInfo;
import io.pravega.schemaregistry.contract.data.SchemaWithVersion;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Pravega as a Flink catalog: scopes are databases, and a stream with a Schema Registry group of
 * the same name (in the namespace named after the scope) is a table whose columns come from the
 * group's latest schema. The catalog keeps nothing of its own: streams live in Pravega and schemas
 * in the registry, so Pravega applications and Flink see the same tables.
 */
@Internal
public class PravegaCatalog extends AbstractCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(PravegaCatalog.class);

    /** The only table option CREATE TABLE takes: the format of the group it creates. */
    static final String TABLE_FORMAT_OPTION = PravegaRegistryFormatFactory.IDENTIFIER + ".format";

    private final URI controllerUri;
    private final URI registryUri;
    private final RegistryRowFormat defaultFormat;
    private final Compatibility compatibility;
    private final Duration timeout;

    private StreamManager streams;
    private BoundedCall calls;

    public PravegaCatalog(
            String name,
            String defaultDatabase,
            URI controllerUri,
            URI registryUri,
            RegistryRowFormat defaultFormat,
            Compatibility compatibility,
            Duration timeout) {
        super(name, defaultDatabase);
        this.controllerUri = controllerUri;
        this.registryUri = registryUri;
        this.defaultFormat = defaultFormat;
        this.compatibility = compatibility;
        this.timeout = timeout;
    }

    @Override
    public void open() throws CatalogException {
        calls = new BoundedCall("pravega-catalog-" + getName());
        streams = StreamManager.create(ClientConfig.builder().controllerURI(controllerUri).build());
        try {
            if (!databaseExists(getDefaultDatabase())) {
                controller(
                        "create scope " + getDefaultDatabase(),
                        () -> streams.createScope(getDefaultDatabase()));
                LOG.info(
                        "Created scope '{}', the default database of catalog '{}'.",
                        getDefaultDatabase(),
                        getName());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws CatalogException {
        if (calls != null) {
            calls.close(Duration.ofSeconds(5));
            calls = null;
        }
        if (streams != null) {
            streams.close();
            streams = null;
        }
    }

    // ------------------------------------------------------------------------------ databases

    @Override
    public List<String> listDatabases() throws CatalogException {
        return controller("list scopes", () -> toList(streams.listScopes()));
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        return new ScopeDatabase(databaseName);
    }

    @Override
    public boolean databaseExists(String databaseName) throws CatalogException {
        return controller(
                "check scope " + databaseName, () -> streams.checkScopeExists(databaseName));
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException {
        if (!database.getProperties().isEmpty()) {
            throw new CatalogException(
                    "A Pravega scope has no properties; remove the WITH clause of CREATE DATABASE "
                            + name
                            + ".");
        }
        boolean created = controller("create scope " + name, () -> streams.createScope(name));
        if (!created && !ignoreIfExists) {
            throw new DatabaseAlreadyExistException(getName(), name);
        }
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException {
        if (!databaseExists(name)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new DatabaseNotExistException(getName(), name);
        }
        List<String> userStreams = userStreams(name);
        if (!userStreams.isEmpty() && !cascade) {
            throw new DatabaseNotEmptyException(getName(), name);
        }
        Set<String> groups = groups(name);
        for (String stream : userStreams) {
            if (groups.contains(stream)) {
                removeGroup(name, stream);
            }
        }
        // Reader groups' and the connector's internal streams go with the scope.
        controller("delete scope " + name, () -> streams.deleteScopeRecursive(name));
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists) {
        throw new CatalogException("A Pravega scope has no properties to alter.");
    }

    // --------------------------------------------------------------------------------- tables

    @Override
    public List<String> listTables(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        Set<String> groups = groups(databaseName);
        List<String> tables = new ArrayList<>();
        for (String stream : userStreams(databaseName)) {
            if (groups.contains(stream)) {
                tables.add(stream);
            }
        }
        Collections.sort(tables);
        return tables;
    }

    @Override
    public List<String> listViews(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        return Collections.emptyList();
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
        if (!streamExists(path)) {
            throw new TableNotExistException(getName(), path);
        }
        RegistryGroup group = group(path);
        SchemaRegistryClient client = group.client();
        GroupProperties properties;
        try {
            properties = client.getGroupProperties(group.groupId());
        } catch (RegistryExceptions.ResourceNotFoundException e) {
            throw new TableNotExistException(getName(), path, e);
        }
        SchemaWithVersion latest = group.latestSchema(client);
        if (latest == null) {
            throw new CatalogException(
                    "Table "
                            + path.getFullName()
                            + " has no columns yet: the "
                            + group
                            + " holds no schema. Register one, or drop and create the table.");
        }
        SchemaInfo schema = latest.getSchemaInfo();
        RowType rowType;
        try {
            rowType = RegistryRowFormat.of(schema.getSerializationFormat()).rowTypeOf(schema);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(
                    "Table "
                            + path.getFullName()
                            + ": the latest schema of the "
                            + group
                            + " cannot be shown as columns: "
                            + e.getMessage(),
                    e);
        }
        Map<String, String> options = tableOptions(path);
        if (properties.getSerializationFormat() != schema.getSerializationFormat()) {
            options.put(TABLE_FORMAT_OPTION, schema.getSerializationFormat().name());
        }
        return CatalogTable.newBuilder()
                .schema(
                        Schema.newBuilder()
                                .fromRowDataType(TypeConversions.fromLogicalToDataType(rowType))
                                .build())
                .comment(
                        "Pravega stream "
                                + path.getFullName()
                                + ", "
                                + schema.getSerializationFormat().name()
                                + " schema '"
                                + schema.getType()
                                + "' version "
                                + latest.getVersionInfo().getVersion())
                .options(options)
                .build();
    }

    @Override
    public boolean tableExists(ObjectPath path) throws CatalogException {
        if (!streamExists(path)) {
            return false;
        }
        return groups(path.getDatabaseName()).contains(path.getObjectName());
    }

    @Override
    public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException {
        requireDatabase(path.getDatabaseName());
        if (tableExists(path)) {
            if (ignoreIfExists) {
                return;
            }
            throw new TableAlreadyExistException(getName(), path);
        }
        RowType rowType = rowTypeOf(path, table);
        RegistryRowFormat format = formatOf(path, table.getOptions());
        RegistryGroup group = group(path);
        SchemaInfo schema =
                format.schemaFor(
                        rowType, RegistryNames.typeName(group.namespace(), group.groupId()));
        SchemaRegistryClient client = group.client();
        String scope = path.getDatabaseName();
        String stream = path.getObjectName();
        controller(
                "create stream " + path.getFullName(),
                () ->
                        streams.createStream(
                                scope,
                                stream,
                                StreamConfiguration.builder()
                                        .scalingPolicy(ScalingPolicy.fixed(1))
                                        .build()));
        try {
            client.addGroup(
                    group.groupId(),
                    GroupProperties.builder()
                            .serializationFormat(format.registryFormat())
                            .compatibility(compatibilityFor(format))
                            .allowMultipleTypes(false)
                            .build());
            client.addSchema(group.groupId(), schema);
        } catch (RuntimeException e) {
            // Leave nothing half-made: a stream without a group is no table, and would block a
            // retry.
            removeQuietly(group, client, path);
            throw new CatalogException(
                    "Could not create table "
                            + path.getFullName()
                            + " in the "
                            + group
                            + ": "
                            + e.getMessage(),
                    e);
        }
        LOG.info(
                "Created table {}: stream and {} with a {} schema.",
                path.getFullName(),
                group,
                format);
    }

    @Override
    public void dropTable(ObjectPath path, boolean ignoreIfNotExists)
            throws TableNotExistException {
        if (!tableExists(path)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), path);
        }
        removeGroup(path.getDatabaseName(), path.getObjectName());
        deleteStream(path);
    }

    @Override
    public void renameTable(ObjectPath path, String newTableName, boolean ignoreIfNotExists) {
        throw new CatalogException(
                "Pravega streams cannot be renamed, so neither can tables of the Pravega catalog.");
    }

    @Override
    public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists) {
        throw new CatalogException(
                "ALTER TABLE is not supported by the Pravega catalog. To evolve a table's schema, "
                        + "write with the new columns: the 'pravega-registry' format registers the new "
                        + "schema, and the group's compatibility policy decides whether it may.");
    }

    // ---------------------------------------------------------- what a Pravega catalog lacks

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
            throws TableNotPartitionedException {
        throw new TableNotPartitionedException(getName(), path);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path, CatalogPartitionSpec spec)
            throws TableNotPartitionedException {
        throw new TableNotPartitionedException(getName(), path);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(
            ObjectPath path, List<Expression> filters) throws TableNotPartitionedException {
        throw new TableNotPartitionedException(getName(), path);
    }

    @Override
    public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), path, spec);
    }

    @Override
    public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec) {
        return false;
    }

    @Override
    public void createPartition(
            ObjectPath path,
            CatalogPartitionSpec spec,
            CatalogPartition partition,
            boolean ignoreIfExists) {
        throw new CatalogException("Tables of the Pravega catalog have no partitions.");
    }

    @Override
    public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignore) {
        throw new CatalogException("Tables of the Pravega catalog have no partitions.");
    }

    @Override
    public void alterPartition(
            ObjectPath path,
            CatalogPartitionSpec spec,
            CatalogPartition partition,
            boolean ignoreIfNotExists) {
        throw new CatalogException("Tables of the Pravega catalog have no partitions.");
    }

    @Override
    public List<String> listFunctions(String dbName) throws DatabaseNotExistException {
        requireDatabase(dbName);
        return Collections.emptyList();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath path) throws FunctionNotExistException {
        throw new FunctionNotExistException(getName(), path);
    }

    @Override
    public boolean functionExists(ObjectPath path) {
        return false;
    }

    @Override
    public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists) {
        throw new CatalogException(
                "The Pravega catalog keeps no functions; create them as temporary functions.");
    }

    @Override
    public void alterFunction(ObjectPath path, CatalogFunction function, boolean ignore) {
        throw new CatalogException("The Pravega catalog keeps no functions.");
    }

    @Override
    public void dropFunction(ObjectPath path, boolean ignoreIfNotExists) {
        throw new CatalogException("The Pravega catalog keeps no functions.");
    }

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath path) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(
            ObjectPath path, CatalogPartitionSpec spec) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(
            ObjectPath path, CatalogPartitionSpec spec) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public void alterTableStatistics(
            ObjectPath path, CatalogTableStatistics statistics, boolean ignoreIfNotExists) {
        throw new CatalogException("The Pravega catalog keeps no statistics.");
    }

    @Override
    public void alterTableColumnStatistics(
            ObjectPath path, CatalogColumnStatistics statistics, boolean ignoreIfNotExists) {
        throw new CatalogException("The Pravega catalog keeps no statistics.");
    }

    @Override
    public void alterPartitionStatistics(
            ObjectPath path,
            CatalogPartitionSpec spec,
            CatalogTableStatistics statistics,
            boolean ignoreIfNotExists) {
        throw new CatalogException("The Pravega catalog keeps no statistics.");
    }

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath path,
            CatalogPartitionSpec spec,
            CatalogColumnStatistics statistics,
            boolean ignoreIfNotExists) {
        throw new CatalogException("The Pravega catalog keeps no statistics.");
    }

    // -------------------------------------------------------------------------------- helpers

    /** The options of a table of this catalog: everything the connector and the format need. */
    private Map<String, String> tableOptions(ObjectPath path) {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "pravega");
        options.put("controller-uri", controllerUri.toString());
        options.put("scope", path.getDatabaseName());
        options.put("scan.streams", path.getObjectName());
        options.put("sink.stream", path.getObjectName());
        options.put("format", PravegaRegistryFormatFactory.IDENTIFIER);
        options.put(PravegaRegistryFormatFactory.IDENTIFIER + ".uri", registryUri.toString());
        options.put(
                PravegaRegistryFormatFactory.IDENTIFIER + ".timeout", timeout.toMillis() + " ms");
        return options;
    }

    private RowType rowTypeOf(ObjectPath path, CatalogBaseTable table) {
        if (!(table instanceof ResolvedCatalogTable)) {
            throw new CatalogException(
                    "The Pravega catalog stores tables only, not views: "
                            + path.getFullName()
                            + ".");
        }
        ResolvedSchema schema = ((ResolvedCatalogTable) table).getResolvedSchema();
        for (Column column : schema.getColumns()) {
            if (!column.isPhysical()) {
                throw new CatalogException(
                        "Column '"
                                + column.getName()
                                + "' of "
                                + path.getFullName()
                                + " is not a physical column. The Pravega catalog keeps a table's columns "
                                + "as a registry schema, which holds physical columns only; define "
                                + "computed and metadata columns in a view or a temporary table.");
            }
        }
        if (!schema.getWatermarkSpecs().isEmpty() || schema.getPrimaryKey().isPresent()) {
            throw new CatalogException(
                    "Table "
                            + path.getFullName()
                            + " declares a watermark or a primary key, which a registry schema cannot "
                            + "hold. Declare them on a temporary table or view over it (CREATE TEMPORARY "
                            + "TABLE ... LIKE).");
        }
        return (RowType) schema.toPhysicalRowDataType().getLogicalType();
    }

    private RegistryRowFormat formatOf(ObjectPath path, Map<String, String> options) {
        RegistryRowFormat format = defaultFormat;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().equals(TABLE_FORMAT_OPTION)) {
                try {
                    format = RegistryRowFormat.parse(option.getValue());
                } catch (IllegalArgumentException e) {
                    throw new CatalogException(
                            "'"
                                    + TABLE_FORMAT_OPTION
                                    + "' of "
                                    + path.getFullName()
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
            } else if (!(option.getKey().equals("format")
                    && option.getValue().equals(PravegaRegistryFormatFactory.IDENTIFIER))) {
                throw new CatalogException(
                        "Option '"
                                + option.getKey()
                                + "' of "
                                + path.getFullName()
                                + " is not supported: tables of the Pravega catalog take their options "
                                + "from the catalog, and CREATE TABLE takes only '"
                                + TABLE_FORMAT_OPTION
                                + "'. Set other options per query with /*+ OPTIONS(...) */.");
            }
        }
        return format;
    }

    /**
     * The registry checks compatibility for Avro only; a group of another format must allow any
     * schema (or deny all but the first).
     */
    private Compatibility compatibilityFor(RegistryRowFormat format) {
        if (format == RegistryRowFormat.AVRO
                || compatibility.getType() == Compatibility.Type.DenyAll) {
            return compatibility;
        }
        return Compatibility.allowAny();
    }

    private void requireDatabase(String name) throws DatabaseNotExistException {
        if (!databaseExists(name)) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    private RegistryGroup group(ObjectPath path) {
        return new RegistryGroup(
                registryUri, path.getDatabaseName(), path.getObjectName(), timeout);
    }

    private Set<String> groups(String scope) {
        Set<String> groups = new HashSet<>();
        Iterator<Map.Entry<String, GroupProperties>> all =
                new RegistryGroup(registryUri, scope, "", timeout).client().listGroups();
        all.forEachRemaining(group -> groups.add(group.getKey()));
        return groups;
    }

    /** The scope's streams, without Pravega's internal ones (reader group state, markers). */
    private List<String> userStreams(String scope) {
        List<String> names = new ArrayList<>();
        for (Stream stream :
                controller("list streams of " + scope, () -> toList(streams.listStreams(scope)))) {
            if (!stream.getStreamName().startsWith("_")) {
                names.add(stream.getStreamName());
            }
        }
        return names;
    }

    private boolean streamExists(ObjectPath path) {
        return databaseExists(path.getDatabaseName())
                && controller(
                        "check stream " + path.getFullName(),
                        () ->
                                streams.checkStreamExists(
                                        path.getDatabaseName(), path.getObjectName()));
    }

    private void removeGroup(String scope, String stream) {
        new RegistryGroup(registryUri, scope, stream, timeout).client().removeGroup(stream);
    }

    private void deleteStream(ObjectPath path) {
        String scope = path.getDatabaseName();
        String stream = path.getObjectName();
        controller("seal stream " + path.getFullName(), () -> streams.sealStream(scope, stream));
        controller(
                "delete stream " + path.getFullName(), () -> streams.deleteStream(scope, stream));
    }

    private void removeQuietly(RegistryGroup group, SchemaRegistryClient client, ObjectPath path) {
        try {
            client.removeGroup(group.groupId());
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the {} after a failed CREATE TABLE.", group, e);
        }
        try {
            deleteStream(path);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not delete stream {} after a failed CREATE TABLE.",
                    path.getFullName(),
                    e);
        }
    }

    /**
     * A controller call, bounded by the timeout, failing with a message that names the controller.
     */
    private <T> T controller(String what, Callable<T> action) {
        if (calls == null) {
            throw new CatalogException("Catalog '" + getName() + "' is not open.");
        }
        try {
            return calls.call(what, timeout, action);
        } catch (ExecutionException e) {
            throw new CatalogException(
                    "Pravega controller "
                            + controllerUri
                            + " failed to "
                            + what
                            + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new CatalogException(
                    "Pravega controller "
                            + controllerUri
                            + " did not "
                            + what
                            + " within "
                            + timeout.toMillis()
                            + " ms. Check 'controller-uri' and that Pravega is running.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("Interrupted while waiting to " + what + ".", e);
        }
    }

    private static <T> List<T> toList(Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
