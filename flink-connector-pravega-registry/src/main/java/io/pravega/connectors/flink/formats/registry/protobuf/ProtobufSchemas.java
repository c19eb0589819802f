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
package io.pravega.connectors.flink.formats.registry.protobuf;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WrappersProto;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates between Flink {@link RowType}s and the Protobuf schemas that Pravega Schema Registry
 * stores (a {@link FileDescriptorSet} plus the full name of one message in it).
 *
 * <p>Why: the {@code pravega-registry} format must register a Protobuf schema derived from a
 * table's row type, and the Pravega catalog must show a registered Protobuf schema, possibly
 * written by another application, as a table.
 *
 * <h2>Mapping</h2>
 *
 * <p>{@link #fromRowType} writes one {@code proto3} file. Field numbers are 1..n in column order;
 * {@code ROW} fields become nested messages (named {@code <FieldInCamelCase>Row}), {@code MAP}
 * fields proto map fields (entry {@code <FieldInCamelCase>Entry}).
 *
 * <table>
 *   <tr><th>Flink</th><th>protobuf</th><th>{@link #toRowType} without a recorded type</th></tr>
 *   <tr><td>BOOLEAN</td><td>bool</td><td>BOOLEAN</td></tr>
 *   <tr><td>TINYINT, SMALLINT, INT</td><td>int32</td><td>INT</td></tr>
 *   <tr><td>BIGINT</td><td>int64</td><td>BIGINT</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>float, double</td><td>FLOAT, DOUBLE</td></tr>
 *   <tr><td>CHAR, VARCHAR, STRING</td><td>string</td><td>STRING</td></tr>
 *   <tr><td>BINARY, VARBINARY, BYTES</td><td>bytes</td><td>BYTES</td></tr>
 *   <tr><td>DECIMAL(p, s)</td><td>string (plain decimal notation)</td><td>STRING</td></tr>
 *   <tr><td>DATE</td><td>int32, days since 1970-01-01</td><td>INT</td></tr>
 *   <tr><td>TIME(p)</td><td>int32, milliseconds of the day</td><td>INT</td></tr>
 *   <tr><td>TIMESTAMP(p), TIMESTAMP_LTZ(p)</td><td>int64, microseconds since the epoch
 *       (sub-microsecond digits are dropped)</td><td>BIGINT</td></tr>
 *   <tr><td>ROW</td><td>message</td><td>nullable ROW</td></tr>
 *   <tr><td>ARRAY&lt;T&gt;</td><td>repeated T (T scalar or ROW)</td>
 *       <td>ARRAY&lt;T NOT NULL&gt; NOT NULL</td></tr>
 *   <tr><td>MAP&lt;K, V&gt;, K character string, TINYINT..BIGINT or BOOLEAN, V scalar or ROW</td>
 *       <td>map&lt;K, V&gt;</td><td>MAP&lt;K NOT NULL, V NOT NULL&gt; NOT NULL</td></tr>
 * </table>
 *
 * <p>Nullability: a nullable scalar column becomes a {@code proto3 optional} field (explicit
 * presence, synthetic oneof {@code _<name>}), so null and the default value stay distinct; a {@code
 * NOT NULL} scalar column becomes a plain proto3 field (no presence). Message fields always have
 * presence. Repeated and map fields have no presence and cannot hold null elements: a null ARRAY or
 * MAP is written as empty, and a null element, key or value is rejected by {@link
 * ProtobufRowConverter}. ARRAY of ARRAY/MAP and MAP values of ARRAY/MAP are not supported.
 *
 * <p>Exact types: where the column's type differs from what the proto field alone gives back (the
 * third column above, e.g. {@code TINYINT}, {@code VARCHAR(10)}, {@code DECIMAL(10, 2)}, {@code
 * TIMESTAMP(3)}, a {@code NOT NULL ROW}, a nullable {@code ARRAY}), {@link #fromRowType} records
 * the Flink type's serializable string in the field's options under field number {@value
 * #FLINK_TYPE_OPTION} (in the range protobuf reserves for organisation-internal options; it is kept
 * as an unknown field, so no extension declaration and no import of {@code descriptor.proto} is
 * needed, and other readers ignore it). {@link #toRowType} uses a recorded type, so {@code
 * toRowType(fromRowType(t, n), n)} equals {@code t} with the top level made {@code NOT NULL}. Field
 * descriptions of the top-level row are not recorded.
 *
 * <p>Schemas written by others ({@link #toRowType} without recorded types): proto3 plain scalars
 * (no presence) are {@code NOT NULL} and read as their default value when unset; fields with
 * presence (proto3 {@code optional}, oneof members, proto2 {@code optional}) are nullable; proto2
 * {@code required} fields are {@code NOT NULL}; enums are {@code STRING} (value name); {@code
 * uint32}/{@code fixed32} are {@code BIGINT}; {@code uint64}/{@code fixed64} are {@code DECIMAL(20,
 * 0)}; all signed 32-bit kinds are {@code INT}, all signed 64-bit kinds {@code BIGINT}; well-known
 * types such as {@code google.protobuf.Timestamp} are plain messages (ROW). Recursive messages are
 * rejected.
 */
@Internal
public final class ProtobufSchemas {

    /**
     * Field-option number (an unknown, length-delimited field of {@code FieldOptions}) holding the
     * exact Flink logical type of a field as its serializable string.
     */
    public static final int FLINK_TYPE_OPTION = 58_023;

    static final String SUPPORTED =
            "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, CHAR, VARCHAR, STRING, BINARY,"
                    + " VARBINARY, BYTES, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, ROW,"
                    + " ARRAY<scalar or ROW> and MAP<character string, integer or BOOLEAN key,"
                    + " scalar or ROW value>";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Map<String, FileDescriptor> WELL_KNOWN = wellKnown();

    private ProtobufSchemas() {}

    // ------------------------------------------------------------------------------------------
    // RowType -> FileDescriptorSet
    // ------------------------------------------------------------------------------------------

    /**
     * A {@code proto3} file with one message {@code messageFullName} for {@code rowType}.
     *
     * @throws IllegalArgumentException when a field's type is not supported or a name is not a
     *     valid protobuf identifier
     */
    public static FileDescriptorSet fromRowType(RowType rowType, String messageFullName) {
        if (rowType == null) {
            throw new IllegalArgumentException("rowType must not be null");
        }
        if (messageFullName == null || messageFullName.isEmpty()) {
            throw new IllegalArgumentException("messageFullName must not be empty");
        }
        for (String part : messageFullName.split("\\.", -1)) {
            if (!IDENTIFIER.matcher(part).matches()) {
                throw new IllegalArgumentException(
                        "'" + messageFullName + "' is not a valid protobuf message full name");
            }
        }
        int dot = messageFullName.lastIndexOf('.');
        String pkg = dot < 0 ? "" : messageFullName.substring(0, dot);
        String simpleName = messageFullName.substring(dot + 1);
        FileDescriptorProto.Builder file =
                FileDescriptorProto.newBuilder()
                        .setName(messageFullName.replace('.', '/') + ".proto")
                        .setSyntax("proto3");
        if (!pkg.isEmpty()) {
            file.setPackage(pkg);
        }
        file.addMessageType(message(rowType, simpleName, "." + messageFullName, ""));
        FileDescriptorSet set = FileDescriptorSet.newBuilder().addFile(file).build();
        descriptor(set, messageFullName); // validates
        return set;
    }

    private static DescriptorProto message(
            RowType rowType, String simpleName, String fullName, String pathPrefix) {
        DescriptorProto.Builder msg = DescriptorProto.newBuilder().setName(simpleName);
        Set<String> usedNested = new HashSet<>();
        Set<String> fieldNames = new HashSet<>(rowType.getFieldNames());
        for (RowType.RowField f : rowType.getFields()) {
            if (f.getType().getTypeRoot() == LogicalTypeRoot.MAP) {
                usedNested.add(camel(f.getName()) + "Entry");
            }
        }
        List<String> syntheticOneofs = new ArrayList<>();
        int number = 0;
        for (RowType.RowField f : rowType.getFields()) {
            number++;
            String name = f.getName();
            String path = pathPrefix + name;
            LogicalType type = f.getType();
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "Field '" + path + "': '" + name + "' is not a valid protobuf field name");
            }
            FieldDescriptorProto.Builder field =
                    FieldDescriptorProto.newBuilder()
                            .setName(name)
                            .setNumber(number)
                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
            switch (type.getTypeRoot()) {
                case ROW:
                    {
                        String nested = unique(camel(name) + "Row", usedNested);
                        msg.addNestedType(
                                message(
                                        (RowType) type,
                                        nested,
                                        fullName + "." + nested,
                                        path + "."));
                        field.setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(fullName + "." + nested);
                        break;
                    }
                case ARRAY:
                    {
                        LogicalType element = ((ArrayType) type).getElementType();
                        field.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
                        if (element.getTypeRoot() == LogicalTypeRoot.ROW) {
                            String nested = unique(camel(name) + "Row", usedNested);
                            msg.addNestedType(
                                    message(
                                            (RowType) element,
                                            nested,
                                            fullName + "." + nested,
                                            path + "[]."));
                            field.setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                    .setTypeName(fullName + "." + nested);
                        } else {
                            field.setType(scalar(element, path + "[]", type));
                        }
                        break;
                    }
                case MAP:
                    {
                        MapType map = (MapType) type;
                        String entryName = camel(name) + "Entry";
                        String entryFullName = fullName + "." + entryName;
                        DescriptorProto.Builder entry =
                                DescriptorProto.newBuilder()
                                        .setName(entryName)
                                        .setOptions(
                                                DescriptorProtos.MessageOptions.newBuilder()
                                                        .setMapEntry(true));
                        LogicalType key = map.getKeyType();
                        switch (key.getTypeRoot()) {
                            case CHAR:
                            case VARCHAR:
                            case BOOLEAN:
                            case TINYINT:
                            case SMALLINT:
                            case INTEGER:
                            case BIGINT:
                                break;
                            default:
                                throw unsupported(path + "{key}", type);
                        }
                        entry.addField(
                                FieldDescriptorProto.newBuilder()
                                        .setName("key")
                                        .setNumber(1)
                                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                                        .setType(scalar(key, path + "{key}", type)));
                        FieldDescriptorProto.Builder value =
                                FieldDescriptorProto.newBuilder()
                                        .setName("value")
                                        .setNumber(2)
                                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
                        LogicalType valueType = map.getValueType();
                        if (valueType.getTypeRoot() == LogicalTypeRoot.ROW) {
                            String nested = "ValueRow";
                            entry.addNestedType(
                                    message(
                                            (RowType) valueType,
                                            nested,
                                            entryFullName + "." + nested,
                                            path + "{value}."));
                            value.setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                    .setTypeName(entryFullName + "." + nested);
                        } else {
                            value.setType(scalar(valueType, path + "{value}", type));
                        }
                        entry.addField(value);
                        msg.addNestedType(entry);
                        field.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(entryFullName);
                        break;
                    }
                default:
                    field.setType(scalar(type, path, type));
                    if (type.isNullable()) {
                        String oneof = "_" + name;
                        while (fieldNames.contains(oneof) || syntheticOneofs.contains(oneof)) {
                            oneof = "X" + oneof;
                        }
                        field.setProto3Optional(true).setOneofIndex(syntheticOneofs.size());
                        syntheticOneofs.add(oneof);
                    }
            }
            if (!type.equals(natural(type))) {
                UnknownFieldSet recorded =
                        UnknownFieldSet.newBuilder()
                                .addField(
                                        FLINK_TYPE_OPTION,
                                        UnknownFieldSet.Field.newBuilder()
                                                .addLengthDelimited(
                                                        ByteString.copyFromUtf8(
                                                                type.asSerializableString()))
                                                .build())
                                .build();
                field.setOptions(
                        DescriptorProtos.FieldOptions.newBuilder().setUnknownFields(recorded));
            }
            msg.addField(field);
        }
        for (String oneof : syntheticOneofs) {
            msg.addOneofDecl(DescriptorProtos.OneofDescriptorProto.newBuilder().setName(oneof));
        }
        return msg.build();
    }

    private static FieldDescriptorProto.Type scalar(
            LogicalType type, String path, LogicalType fieldType) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return FieldDescriptorProto.Type.TYPE_BOOL;
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return FieldDescriptorProto.Type.TYPE_INT32;
            case BIGINT:
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return FieldDescriptorProto.Type.TYPE_INT64;
            case FLOAT:
                return FieldDescriptorProto.Type.TYPE_FLOAT;
            case DOUBLE:
                return FieldDescriptorProto.Type.TYPE_DOUBLE;
            case CHAR:
            case VARCHAR:
            case DECIMAL:
                return FieldDescriptorProto.Type.TYPE_STRING;
            case BINARY:
            case VARBINARY:
                return FieldDescriptorProto.Type.TYPE_BYTES;
            default:
                throw unsupported(path, fieldType);
        }
    }

    /** The type {@link #toRowType} derives from the proto field written for {@code type}. */
    private static LogicalType natural(LogicalType type) {
        switch (type.getTypeRoot()) {
            case ROW:
                return new RowType(true, withoutDescriptions((RowType) type));
            case ARRAY:
                return new ArrayType(
                        false, natural(((ArrayType) type).getElementType()).copy(false));
            case MAP:
                return new MapType(
                        false,
                        natural(((MapType) type).getKeyType()).copy(false),
                        natural(((MapType) type).getValueType()).copy(false));
            default:
                return scalarType(scalar(type, "", type), type.isNullable());
        }
    }

    private static List<RowType.RowField> withoutDescriptions(RowType row) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (RowType.RowField f : row.getFields()) {
            fields.add(new RowType.RowField(f.getName(), f.getType()));
        }
        return fields;
    }

    private static LogicalType scalarType(FieldDescriptorProto.Type type, boolean nullable) {
        switch (type) {
            case TYPE_BOOL:
                return new BooleanType(nullable);
            case TYPE_INT32:
            case TYPE_SINT32:
            case TYPE_SFIXED32:
                return new IntType(nullable);
            case TYPE_INT64:
            case TYPE_SINT64:
            case TYPE_SFIXED64:
            case TYPE_UINT32:
            case TYPE_FIXED32:
                return new BigIntType(nullable);
            case TYPE_UINT64:
            case TYPE_FIXED64:
                return new DecimalType(nullable, 20, 0);
            case TYPE_FLOAT:
                return new FloatType(nullable);
            case TYPE_DOUBLE:
                return new DoubleType(nullable);
            case TYPE_STRING:
            case TYPE_ENUM:
                return new VarCharType(nullable, VarCharType.MAX_LENGTH);
            case TYPE_BYTES:
                return new VarBinaryType(nullable, VarBinaryType.MAX_LENGTH);
            default:
                throw new IllegalStateException("Not a scalar protobuf type: " + type);
        }
    }

    static IllegalArgumentException unsupported(String path, LogicalType type) {
        return new IllegalArgumentException(
                "Field '"
                        + path
                        + "' has type "
                        + type.asSummaryString()
                        + ", which the Protobuf format does not support. Supported: "
                        + SUPPORTED
                        + ".");
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else if (upper) {
                sb.append(Character.toUpperCase(c));
                upper = false;
            } else {
                sb.append(c);
            }
        }
        return sb.length() == 0 ? "Field" : sb.toString();
    }

    private static String unique(String candidate, Set<String> used) {
        String name = candidate;
        for (int i = 2; !used.add(name); i++) {
            name = candidate + i;
        }
        return name;
    }

    // ------------------------------------------------------------------------------------------
    // FileDescriptorSet -> Descriptor
    // ------------------------------------------------------------------------------------------

    /**
     * Builds the files of {@code set} (in any order; imports of protobuf's well-known files that
     * the set does not contain are taken from the protobuf runtime) and returns message {@code
     * messageFullName}.
     *
     * @throws IllegalArgumentException when the set is invalid or has no such message
     */
    public static Descriptor descriptor(FileDescriptorSet set, String messageFullName) {
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        for (FileDescriptorProto file : set.getFileList()) {
            protos.put(file.getName(), file);
        }
        Map<String, FileDescriptor> built = new HashMap<>();
        for (String name : protos.keySet()) {
            build(name, protos, built, new ArrayDeque<>());
        }
        for (FileDescriptor file : built.values()) {
            Descriptor found = find(file.getMessageTypes(), messageFullName);
            if (found != null) {
                return found;
            }
        }
        throw new IllegalArgumentException(
                "The protobuf schema has no message '"
                        + messageFullName
                        + "'; files: "
                        + protos.keySet());
    }

    private static FileDescriptor build(
            String name,
            Map<String, FileDescriptorProto> protos,
            Map<String, FileDescriptor> built,
            Deque<String> building) {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            FileDescriptor wellKnown = WELL_KNOWN.get(name);
            if (wellKnown != null) {
                return wellKnown;
            }
            throw new IllegalArgumentException(
                    "The protobuf schema imports '"
                            + name
                            + "' (from '"
                            + building.peek()
                            + "'), which the descriptor set does not contain");
        }
        if (building.contains(name)) {
            throw new IllegalArgumentException(
                    "Cyclic protobuf imports: " + building + " -> " + name);
        }
        building.push(name);
        FileDescriptor[] deps = new FileDescriptor[proto.getDependencyCount()];
        for (int i = 0; i < deps.length; i++) {
            deps[i] = build(proto.getDependency(i), protos, built, building);
        }
        building.pop();
        try {
            FileDescriptor file = FileDescriptor.buildFrom(proto, deps);
            built.put(name, file);
            return file;
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalArgumentException(
                    "Invalid protobuf file '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Descriptor find(List<Descriptor> messages, String fullName) {
        for (Descriptor m : messages) {
            if (m.getFullName().equals(fullName)) {
                return m;
            }
            if (fullName.startsWith(m.getFullName() + ".")) {
                Descriptor nested = find(m.getNestedTypes(), fullName);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    private static Map<String, FileDescriptor> wellKnown() {
        Map<String, FileDescriptor> map = new HashMap<>();
        for (FileDescriptor file :
                new FileDescriptor[] {
                    AnyProto.getDescriptor(),
                    ApiProto.getDescriptor(),
                    DescriptorProtos.getDescriptor(),
                    DurationProto.getDescriptor(),
                    EmptyProto.getDescriptor(),
                    FieldMaskProto.getDescriptor(),
                    SourceContextProto.getDescriptor(),
                    StructProto.getDescriptor(),
                    TimestampProto.getDescriptor(),
                    TypeProto.getDescriptor(),
                    WrappersProto.getDescriptor()
                }) {
            map.put(file.getName(), file);
        }
        return map;
    }

    // ------------------------------------------------------------------------------------------
    // FileDescriptorSet -> RowType
    // ------------------------------------------------------------------------------------------

    /**
     * The {@code NOT NULL} row type of message {@code messageFullName} (see the class comment for
     * the mapping).
     *
     * @throws IllegalArgumentException when the message is missing or recursive
     */
    public static RowType toRowType(FileDescriptorSet set, String messageFullName) {
        return toRowType(descriptor(set, messageFullName));
    }

    /** The {@code NOT NULL} row type of {@code descriptor}. */
    public static RowType toRowType(Descriptor descriptor) {
        Deque<String> stack = new ArrayDeque<>();
        stack.push(descriptor.getFullName());
        return new RowType(false, fields(descriptor, "", stack));
    }

    private static List<RowType.RowField> fields(
            Descriptor message, String pathPrefix, Deque<String> stack) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (FieldDescriptor fd : message.getFields()) {
            fields.add(new RowType.RowField(fd.getName(), type(fd, pathPrefix, stack)));
        }
        return fields;
    }

    private static LogicalType type(FieldDescriptor fd, String pathPrefix, Deque<String> stack) {
        String path = pathPrefix + fd.getName();
        LogicalType recorded = recordedType(fd);
        if (recorded != null) {
            return recorded;
        }
        if (fd.isMapField()) {
            Descriptor entry = fd.getMessageType();
            return new MapType(
                    false,
                    single(entry.findFieldByNumber(1), path + "{key}", stack).copy(false),
                    single(entry.findFieldByNumber(2), path + "{value}", stack).copy(false));
        }
        if (fd.isRepeated()) {
            return new ArrayType(false, single(fd, path + "[]", stack).copy(false));
        }
        LogicalType type = single(fd, path, stack);
        boolean nullable = fd.hasPresence() && !fd.isRequired();
        return type.copy(nullable);
    }

    /** The type of one value of {@code fd}, ignoring its label. */
    private static LogicalType single(FieldDescriptor fd, String path, Deque<String> stack) {
        if (fd.getType() == FieldDescriptor.Type.MESSAGE
                || fd.getType() == FieldDescriptor.Type.GROUP) {
            Descriptor nested = fd.getMessageType();
            if (stack.contains(nested.getFullName())) {
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "' makes message '"
                                + nested.getFullName()
                                + "' recursive; recursive protobuf messages cannot be shown as a"
                                + " table");
            }
            stack.push(nested.getFullName());
            RowType row = new RowType(true, fields(nested, path + ".", stack));
            stack.pop();
            return row;
        }
        return scalarType(fd.toProto().getType(), true);
    }

    static LogicalType recordedType(FieldDescriptor fd) {
        UnknownFieldSet unknown = fd.getOptions().getUnknownFields();
        if (!unknown.hasField(FLINK_TYPE_OPTION)) {
            return null;
        }
        List<ByteString> values = unknown.getField(FLINK_TYPE_OPTION).getLengthDelimitedList();
        if (values.isEmpty()) {
            return null;
        }
        String text = values.get(values.size() - 1).toStringUtf8();
        try {
            return LogicalTypeParser.parse(text, ProtobufSchemas.class.getClassLoader());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Field '"
                            + fd.getFullName()
                            + "' records Flink type '"
                            + text
                            + "', which cannot be parsed: "
                            + e.getMessage(),
                    e);
        }
    }
}
