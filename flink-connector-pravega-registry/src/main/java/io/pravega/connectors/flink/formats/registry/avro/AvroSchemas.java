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
package io.pravega.connectors.flink.formats.registry.avro;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates between Flink row types and Avro record schemas, so that the {@code
 * 'pravega-registry'} format can register a schema for a table and the Pravega catalog can show a
 * registry schema as a table.
 *
 * <p>Type mapping (Flink type, Avro type, the type {@link #toRowType} gives back):
 *
 * <pre>
 * BOOLEAN            boolean                                BOOLEAN
 * TINYINT            int    + "flink.type":"TINYINT"         TINYINT   (INT without the property)
 * SMALLINT           int    + "flink.type":"SMALLINT"        SMALLINT  (INT without the property)
 * INT                int                                    INT
 * BIGINT             long                                   BIGINT
 * FLOAT / DOUBLE     float / double                         FLOAT / DOUBLE
 * CHAR(n)            string + "flink.type":"CHAR(n)"         CHAR(n)
 * VARCHAR(n)         string + "flink.type":"VARCHAR(n)"      VARCHAR(n)
 * STRING             string                                 STRING; an Avro enum also reads as STRING
 * BINARY(n)          fixed(n), named after the field         BINARY(n)
 * VARBINARY(n)       bytes  + "flink.type":"VARBINARY(n)"    VARBINARY(n)
 * BYTES              bytes                                  BYTES
 * DECIMAL(p,s)       bytes  + decimal(p,s)                  DECIMAL(p,s); fixed + decimal also reads as DECIMAL
 * DATE               int    + date                          DATE
 * TIME(p), p &lt;= 3    int    + time-millis                   TIME(3) (TIME(p) with "flink.type");
 *                                                           long + time-micros reads as TIME(3), dropping
 *                                                           the microseconds below a millisecond
 * TIMESTAMP(p), p &lt;= 3     long + local-timestamp-millis   TIMESTAMP(3) (other p with "flink.type")
 * TIMESTAMP(p), 3 &lt; p &lt;= 6 long + local-timestamp-micros   TIMESTAMP(6) (other p with "flink.type")
 * TIMESTAMP_LTZ(p), p &lt;= 3     long + timestamp-millis     TIMESTAMP_LTZ(3)
 * TIMESTAMP_LTZ(p), 3 &lt; p &lt;= 6 long + timestamp-micros     TIMESTAMP_LTZ(6)
 * ARRAY&lt;T&gt;           array&lt;T&gt;                               ARRAY&lt;T&gt;
 * MAP&lt;STRING, T&gt;     map&lt;T&gt; (Avro keys are strings)          MAP&lt;STRING, T&gt;; a NOT NULL key is
 *                                                           recorded as "flink.key.type":"STRING NOT NULL"
 * ROW&lt;...&gt;           record, named parent + "_" + field      ROW&lt;...&gt;
 * </pre>
 *
 * <p>A nullable Flink type becomes the union {@code ["null", T]} (a record field also gets the
 * default {@code null}); a NOT NULL type stays a plain Avro type. Reading a schema, a union of
 * {@code null} and one type (in either order) is a nullable type and any other union is rejected.
 *
 * <p>Why these choices: Flink's TIMESTAMP has no time zone, which is what Avro's {@code
 * local-timestamp-*} types mean, while TIMESTAMP_LTZ is an instant like Avro's {@code timestamp-*}.
 * Flink keeps TIME as milliseconds of the day, so TIME(p) for p &gt; 3 and TIMESTAMP(p) for p &gt;
 * 6 (Avro 1.11 has no nanosecond type) are rejected rather than silently truncated. Where the Avro
 * type alone cannot say which Flink type it came from (TINYINT, a length, a precision) the schema
 * carries the string property {@code "flink.type"}; other Avro tools ignore it, it does not change
 * the schema's canonical form, and {@link #toRowType} ignores it when it does not fit the Avro
 * type. Thus {@code toRowType(fromRowType(t))} equals {@code t} for every supported {@code t}
 * (whose top-level row type is nullable: {@link #toRowType} always returns a nullable row type and
 * {@link #fromRowType} ignores the top level's nullability). Flink field descriptions are Avro
 * field docs.
 */
@Internal
public final class AvroSchemas {

    /** The schema property that keeps the exact Flink type where the Avro type alone cannot. */
    static final String FLINK_TYPE_PROP = "flink.type";

    /** The map schema property that marks a NOT NULL key. */
    static final String FLINK_KEY_TYPE_PROP = "flink.key.type";

    static final String NOT_NULL_STRING = "STRING NOT NULL";

    static final String SUPPORTED =
            "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, CHAR, VARCHAR/STRING, BINARY,"
                    + " VARBINARY/BYTES, DECIMAL, DATE, TIME(p <= 3), TIMESTAMP(p <= 6),"
                    + " TIMESTAMP_LTZ(p <= 6), ARRAY<T>, MAP<STRING, T> and ROW<...> of these";

    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern TYPE_PROP = Pattern.compile("([A-Z_]+)(?:\\((\\d+)\\))?");

    private AvroSchemas() {}

    /**
     * Derives an Avro record schema from a Flink row type.
     *
     * @param rowType the row type; the nullability of the row itself is ignored
     * @param recordName the record's name, optionally with a namespace ({@code "ns.Name"})
     * @throws IllegalArgumentException if a field's type has no Avro mapping or a name is not a
     *     valid Avro name
     */
    public static Schema fromRowType(RowType rowType, String recordName) {
        Objects.requireNonNull(rowType, "rowType");
        if (recordName == null || recordName.isEmpty()) {
            throw new IllegalArgumentException("The Avro record name must not be empty");
        }
        for (String part : recordName.split("\\.", -1)) {
            if (!AVRO_NAME.matcher(part).matches()) {
                throw new IllegalArgumentException(
                        "'"
                                + recordName
                                + "' is not a valid Avro full name (dotted names of"
                                + " [A-Za-z_][A-Za-z0-9_]*)");
            }
        }
        return recordSchema(rowType, recordName, "", new HashSet<>());
    }

    /**
     * Derives a Flink row type from an Avro record schema (see the class comment for the mapping).
     *
     * @throws IllegalArgumentException if the schema is not a record, is recursive, or a field's
     *     Avro type has no Flink mapping (for example a union of two non-null types)
     */
    public static RowType toRowType(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "Only an Avro record schema maps to a row type, not " + schema.getType());
        }
        return rowTypeOf(schema, "", new HashSet<>(), true);
    }

    // ---------------------------------------------------------------- Flink -> Avro

    private static Schema recordSchema(
            RowType rowType, String fullName, String pathPrefix, Set<String> names) {
        String name = uniqueName(fullName, names);
        List<Schema.Field> fields = new ArrayList<>();
        for (RowType.RowField f : rowType.getFields()) {
            String path = pathPrefix + f.getName();
            if (!AVRO_NAME.matcher(f.getName()).matches()) {
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "': the name is not a valid Avro name"
                                + " ([A-Za-z_][A-Za-z0-9_]*)");
            }
            Schema s = schemaOf(f.getType(), name + "_" + f.getName(), path, names);
            Object def = f.getType().isNullable() ? Schema.Field.NULL_DEFAULT_VALUE : null;
            fields.add(new Schema.Field(f.getName(), s, f.getDescription().orElse(null), def));
        }
        return Schema.createRecord(name, null, null, false, fields);
    }

    private static String uniqueName(String fullName, Set<String> names) {
        String name = fullName;
        for (int i = 2; !names.add(name); i++) {
            name = fullName + "_" + i;
        }
        return name;
    }

    private static Schema schemaOf(
            LogicalType t, String namePrefix, String path, Set<String> names) {
        Schema base = nonNullSchemaOf(t, namePrefix, path, names);
        return t.isNullable() ? Schema.createUnion(Schema.create(Schema.Type.NULL), base) : base;
    }

    private static Schema nonNullSchemaOf(
            LogicalType t, String namePrefix, String path, Set<String> names) {
        switch (t.getTypeRoot()) {
            case BOOLEAN:
                return Schema.create(Schema.Type.BOOLEAN);
            case TINYINT:
                return withTypeProp(Schema.create(Schema.Type.INT), "TINYINT");
            case SMALLINT:
                return withTypeProp(Schema.create(Schema.Type.INT), "SMALLINT");
            case INTEGER:
                return Schema.create(Schema.Type.INT);
            case BIGINT:
                return Schema.create(Schema.Type.LONG);
            case FLOAT:
                return Schema.create(Schema.Type.FLOAT);
            case DOUBLE:
                return Schema.create(Schema.Type.DOUBLE);
            case CHAR:
                return withTypeProp(
                        Schema.create(Schema.Type.STRING),
                        "CHAR(" + ((CharType) t).getLength() + ")");
            case VARCHAR:
                {
                    int length = ((VarCharType) t).getLength();
                    Schema s = Schema.create(Schema.Type.STRING);
                    return length == VarCharType.MAX_LENGTH
                            ? s
                            : withTypeProp(s, "VARCHAR(" + length + ")");
                }
            case BINARY:
                return Schema.createFixed(
                        uniqueName(namePrefix, names), null, null, ((BinaryType) t).getLength());
            case VARBINARY:
                {
                    int length = ((VarBinaryType) t).getLength();
                    Schema s = Schema.create(Schema.Type.BYTES);
                    return length == VarBinaryType.MAX_LENGTH
                            ? s
                            : withTypeProp(s, "VARBINARY(" + length + ")");
                }
            case DECIMAL:
                {
                    DecimalType d = (DecimalType) t;
                    return LogicalTypes.decimal(d.getPrecision(), d.getScale())
                            .addToSchema(Schema.create(Schema.Type.BYTES));
                }
            case DATE:
                return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIME_WITHOUT_TIME_ZONE:
                {
                    int p = ((TimeType) t).getPrecision();
                    if (p > 3) {
                        throw unsupported(t, path);
                    }
                    Schema s =
                            LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
                    return p == 3 ? s : withTypeProp(s, "TIME(" + p + ")");
                }
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return timestampSchema(t, ((TimestampType) t).getPrecision(), true, path);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return timestampSchema(
                        t, ((LocalZonedTimestampType) t).getPrecision(), false, path);
            case ARRAY:
                return Schema.createArray(
                        schemaOf(
                                ((ArrayType) t).getElementType(),
                                namePrefix + "_element",
                                path + ".<element>",
                                names));
            case MAP:
                {
                    MapType m = (MapType) t;
                    if (!isStringKey(m.getKeyType())) {
                        throw unsupported(t, path);
                    }
                    Schema s =
                            Schema.createMap(
                                    schemaOf(
                                            m.getValueType(),
                                            namePrefix + "_value",
                                            path + ".<value>",
                                            names));
                    if (!m.getKeyType().isNullable()) {
                        s.addProp(FLINK_KEY_TYPE_PROP, NOT_NULL_STRING);
                    }
                    return s;
                }
            case ROW:
                return recordSchema((RowType) t, namePrefix, path + ".", names);
            default:
                throw unsupported(t, path);
        }
    }

    private static Schema timestampSchema(LogicalType t, int p, boolean local, String path) {
        if (p > 6) {
            throw unsupported(t, path);
        }
        boolean millis = p <= 3;
        org.apache.avro.LogicalType lt;
        if (local) {
            lt = millis ? LogicalTypes.localTimestampMillis() : LogicalTypes.localTimestampMicros();
        } else {
            lt = millis ? LogicalTypes.timestampMillis() : LogicalTypes.timestampMicros();
        }
        Schema s = lt.addToSchema(Schema.create(Schema.Type.LONG));
        return p == 3 || p == 6
                ? s
                : withTypeProp(s, (local ? "TIMESTAMP(" : "TIMESTAMP_LTZ(") + p + ")");
    }

    private static Schema withTypeProp(Schema s, String flinkType) {
        s.addProp(FLINK_TYPE_PROP, flinkType);
        return s;
    }

    static boolean isStringKey(LogicalType keyType) {
        return keyType instanceof VarCharType
                && ((VarCharType) keyType).getLength() == VarCharType.MAX_LENGTH;
    }

    static IllegalArgumentException unsupported(LogicalType t, String path) {
        return new IllegalArgumentException(
                "Field '"
                        + path
                        + "' has the type "
                        + t.asSummaryString()
                        + ", which has no Avro mapping; supported are "
                        + SUPPORTED);
    }

    /**
     * Checks, without building a schema, that every field type of {@code rowType} has an Avro
     * mapping (field names are not checked: a converter matches them by name).
     */
    static void checkSupported(LogicalType t, String path) {
        switch (t.getTypeRoot()) {
            case BOOLEAN:
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
            case CHAR:
            case VARCHAR:
            case BINARY:
            case VARBINARY:
            case DECIMAL:
            case DATE:
                return;
            case TIME_WITHOUT_TIME_ZONE:
                if (((TimeType) t).getPrecision() > 3) {
                    throw unsupported(t, path);
                }
                return;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                if (((TimestampType) t).getPrecision() > 6) {
                    throw unsupported(t, path);
                }
                return;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                if (((LocalZonedTimestampType) t).getPrecision() > 6) {
                    throw unsupported(t, path);
                }
                return;
            case ARRAY:
                checkSupported(((ArrayType) t).getElementType(), path + ".<element>");
                return;
            case MAP:
                if (!isStringKey(((MapType) t).getKeyType())) {
                    throw unsupported(t, path);
                }
                checkSupported(((MapType) t).getValueType(), path + ".<value>");
                return;
            case ROW:
                for (RowType.RowField f : ((RowType) t).getFields()) {
                    checkSupported(
                            f.getType(), path.isEmpty() ? f.getName() : path + "." + f.getName());
                }
                return;
            default:
                throw unsupported(t, path);
        }
    }

    // ---------------------------------------------------------------- Avro -> Flink

    /**
     * The non-null branch of a union {@code [null, T]}, {@code [T, null]} or {@code [T]}; the
     * schema itself if it is no union.
     *
     * @throws IllegalArgumentException for any other union, naming {@code path}
     */
    static Schema nonNullBranch(Schema s, String path) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        Schema found = null;
        for (Schema branch : s.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            if (found != null) {
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "' has the Avro union "
                                + s
                                + "; only a union of null and one other type is supported");
            }
            found = branch;
        }
        if (found == null) {
            throw new IllegalArgumentException(
                    "Field '" + path + "' has the Avro type " + s + ", which holds only null");
        }
        return found;
    }

    static boolean allowsNull(Schema s) {
        if (s.getType() == Schema.Type.NULL) {
            return true;
        }
        if (s.getType() == Schema.Type.UNION) {
            for (Schema branch : s.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    return true;
                }
            }
        }
        return false;
    }

    static String logicalName(Schema s) {
        return s.getLogicalType() == null ? null : s.getLogicalType().getName();
    }

    private static RowType rowTypeOf(
            Schema record, String pathPrefix, Set<String> inProgress, boolean nullable) {
        if (!inProgress.add(record.getFullName())) {
            throw new IllegalArgumentException(
                    "The Avro record '"
                            + record.getFullName()
                            + "' is recursive (at '"
                            + pathPrefix
                            + "'); a row type cannot be recursive");
        }
        List<RowType.RowField> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            String path = pathPrefix + f.name();
            fields.add(
                    new RowType.RowField(f.name(), typeOf(f.schema(), path, inProgress), f.doc()));
        }
        inProgress.remove(record.getFullName());
        return new RowType(nullable, fields);
    }

    private static LogicalType typeOf(Schema s, String path, Set<String> inProgress) {
        boolean nullable = allowsNull(s);
        return nonNullTypeOf(nonNullBranch(s, path), path, inProgress).copy(nullable);
    }

    private static LogicalType nonNullTypeOf(Schema s, String path, Set<String> inProgress) {
        String lname = logicalName(s);
        switch (s.getType()) {
            case BOOLEAN:
                return new BooleanType();
            case INT:
                if ("date".equals(lname)) {
                    return new DateType();
                }
                if ("time-millis".equals(lname)) {
                    Integer p = typeParam(s, "TIME");
                    return new TimeType(p != null && p <= 3 ? p : 3);
                }
                if (lname == null && "TINYINT".equals(s.getProp(FLINK_TYPE_PROP))) {
                    return new TinyIntType();
                }
                if (lname == null && "SMALLINT".equals(s.getProp(FLINK_TYPE_PROP))) {
                    return new SmallIntType();
                }
                return new IntType();
            case LONG:
                if ("time-micros".equals(lname)) {
                    return new TimeType(3);
                }
                if ("timestamp-millis".equals(lname)) {
                    return new LocalZonedTimestampType(precision(s, "TIMESTAMP_LTZ", 0, 3));
                }
                if ("timestamp-micros".equals(lname)) {
                    return new LocalZonedTimestampType(precision(s, "TIMESTAMP_LTZ", 4, 6));
                }
                if ("local-timestamp-millis".equals(lname)) {
                    return new TimestampType(precision(s, "TIMESTAMP", 0, 3));
                }
                if ("local-timestamp-micros".equals(lname)) {
                    return new TimestampType(precision(s, "TIMESTAMP", 4, 6));
                }
                return new BigIntType();
            case FLOAT:
                return new FloatType();
            case DOUBLE:
                return new DoubleType();
            case STRING:
                {
                    Integer charLength = typeParam(s, "CHAR");
                    if (charLength != null && charLength >= CharType.MIN_LENGTH) {
                        return new CharType(charLength);
                    }
                    Integer varLength = typeParam(s, "VARCHAR");
                    if (varLength != null && varLength >= VarCharType.MIN_LENGTH) {
                        return new VarCharType(varLength);
                    }
                    return new VarCharType(VarCharType.MAX_LENGTH);
                }
            case ENUM:
                return new VarCharType(VarCharType.MAX_LENGTH);
            case BYTES:
                {
                    if (s.getLogicalType() instanceof LogicalTypes.Decimal) {
                        return decimalType((LogicalTypes.Decimal) s.getLogicalType(), path);
                    }
                    Integer length = typeParam(s, "VARBINARY");
                    if (length != null && length >= VarBinaryType.MIN_LENGTH) {
                        return new VarBinaryType(length);
                    }
                    return new VarBinaryType(VarBinaryType.MAX_LENGTH);
                }
            case FIXED:
                if (s.getLogicalType() instanceof LogicalTypes.Decimal) {
                    return decimalType((LogicalTypes.Decimal) s.getLogicalType(), path);
                }
                if (s.getFixedSize() < BinaryType.MIN_LENGTH) {
                    throw new IllegalArgumentException(
                            "Field '"
                                    + path
                                    + "' is an Avro fixed of size 0, which has no Flink type");
                }
                return new BinaryType(s.getFixedSize());
            case ARRAY:
                return new ArrayType(typeOf(s.getElementType(), path + ".<element>", inProgress));
            case MAP:
                {
                    LogicalType key = new VarCharType(VarCharType.MAX_LENGTH);
                    if (NOT_NULL_STRING.equals(s.getProp(FLINK_KEY_TYPE_PROP))) {
                        key = key.copy(false);
                    }
                    return new MapType(
                            key, typeOf(s.getValueType(), path + ".<value>", inProgress));
                }
            case RECORD:
                return rowTypeOf(s, path + ".", inProgress, true);
            default:
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "' has the Avro type "
                                + s
                                + ", which has no Flink mapping");
        }
    }

    private static DecimalType decimalType(LogicalTypes.Decimal d, String path) {
        if (d.getPrecision() > DecimalType.MAX_PRECISION) {
            throw new IllegalArgumentException(
                    "Field '"
                            + path
                            + "' is an Avro decimal of precision "
                            + d.getPrecision()
                            + "; Flink's DECIMAL allows at most "
                            + DecimalType.MAX_PRECISION);
        }
        return new DecimalType(d.getPrecision(), d.getScale());
    }

    /** The precision in the "flink.type" property if it is in [min, max], else max. */
    private static int precision(Schema s, String name, int min, int max) {
        Integer p = typeParam(s, name);
        return p != null && p >= min && p <= max ? p : max;
    }

    /** The number in a "flink.type" property {@code NAME(n)}, or null if it is not there. */
    private static Integer typeParam(Schema s, String name) {
        String prop = s.getProp(FLINK_TYPE_PROP);
        if (prop == null) {
            return null;
        }
        Matcher m = TYPE_PROP.matcher(prop);
        if (!m.matches() || !name.equals(m.group(1)) || m.group(2) == null) {
            return null;
        }
        try {
            return Integer.valueOf(m.group(2));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
