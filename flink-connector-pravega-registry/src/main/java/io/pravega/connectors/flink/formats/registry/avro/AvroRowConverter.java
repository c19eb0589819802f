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
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts Flink's internal rows ({@link RowData}) of one row type to Avro {@link GenericRecord}s
 * and back, for the {@code 'pravega-registry'} format.
 *
 * <p>The Avro side is whatever schema the registry holds, which another application may have
 * registered and which may have evolved, so fields are matched by name, never by position: {@link
 * #toRecord} fills each field of the given writer schema from the row field of that name (or the
 * field's default), and {@link #toRow} reads each row field from the record field of that name in
 * the record's own schema. Row fields that the writer schema lacks are not written. The type
 * mapping is the one of {@link AvroSchemas}; in addition the reader accepts what Avro schema
 * resolution would promote (int to BIGINT/FLOAT/DOUBLE, long to FLOAT/DOUBLE, float to DOUBLE), an
 * enum for a string, fixed for bytes, and either timestamp flavour (millis or micros, local or not)
 * for TIMESTAMP and TIMESTAMP_LTZ.
 *
 * <p>The converter is {@link Serializable} through its row type only; the conversion plans for each
 * Avro schema seen are built lazily and cached per instance. An instance is not thread-safe.
 */
@Internal
public final class AvroRowConverter implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final int MAX_CACHED_SCHEMAS = 64;

    private final RowType rowType;

    private transient Map<Schema, RecordEncoder> encoders;

    private transient Map<Schema, RecordDecoder> decoders;

    /**
     * @throws IllegalArgumentException if a field of {@code rowType} has a type with no Avro
     *     mapping
     */
    public AvroRowConverter(RowType rowType) {
        this.rowType = Objects.requireNonNull(rowType, "rowType");
        AvroSchemas.checkSupported(rowType, "");
    }

    /**
     * Builds a record of {@code writerSchema} from {@code row}, matching fields by name.
     *
     * @throws IllegalArgumentException if a writer field is missing from the row type and has
     *     neither a default nor null, or a value does not fit its Avro type (naming the field)
     */
    public GenericRecord toRecord(RowData row, Schema writerSchema) {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(writerSchema, "writerSchema");
        if (row.getArity() != rowType.getFieldCount()) {
            throw new IllegalArgumentException(
                    "The row has "
                            + row.getArity()
                            + " fields, the row type "
                            + rowType.getFieldCount());
        }
        if (encoders == null) {
            encoders = new HashMap<>();
        }
        RecordEncoder encoder = encoders.get(writerSchema);
        if (encoder == null) {
            if (writerSchema.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException(
                        "The writer schema must be an Avro record, not " + writerSchema.getType());
            }
            encoder = new RecordEncoder(rowType, writerSchema, "");
            if (encoders.size() >= MAX_CACHED_SCHEMAS) {
                encoders.clear();
            }
            encoders.put(writerSchema, encoder);
        }
        return encoder.encode(row);
    }

    /**
     * Builds a row of this converter's row type from {@code record}, reading fields by name from
     * the record's own schema.
     *
     * @throws IllegalArgumentException if a NOT NULL row field is missing from the record or null
     *     in it, or a value does not fit the row field's type (naming the field)
     */
    public RowData toRow(GenericRecord record) {
        Objects.requireNonNull(record, "record");
        Schema schema = record.getSchema();
        if (decoders == null) {
            decoders = new HashMap<>();
        }
        RecordDecoder decoder = decoders.get(schema);
        if (decoder == null) {
            decoder = new RecordDecoder(rowType, schema, "");
            if (decoders.size() >= MAX_CACHED_SCHEMAS) {
                decoders.clear();
            }
            decoders.put(schema, decoder);
        }
        return decoder.decode(record);
    }

    // ---------------------------------------------------------------- plans

    /** Turns a non-null Flink internal value into an Avro value, or the reverse. */
    private interface Conversion {
        Object convert(Object value);
    }

    /** Writes the records of one writer schema. */
    private static final class RecordEncoder {
        private final Schema schema;
        private final RowData.FieldGetter[] getters; // null: the row type lacks the field
        private final Conversion[] conversions;
        private final Object[] defaults;

        RecordEncoder(RowType rowType, Schema schema, String pathPrefix) {
            this.schema = schema;
            List<Schema.Field> fields = schema.getFields();
            getters = new RowData.FieldGetter[fields.size()];
            conversions = new Conversion[fields.size()];
            defaults = new Object[fields.size()];
            for (Schema.Field f : fields) {
                String path = pathPrefix + f.name();
                int i = f.pos();
                int index = rowType.getFieldIndex(f.name());
                if (index < 0) {
                    if (f.hasDefaultValue()) {
                        defaults[i] = GenericData.get().getDefaultValue(f);
                    } else if (!AvroSchemas.allowsNull(f.schema())) {
                        throw new IllegalArgumentException(
                                "Field '"
                                        + path
                                        + "' of the Avro writer schema "
                                        + schema.getFullName()
                                        + " is not in the row type "
                                        + rowType.asSummaryString()
                                        + ", has no default and does not allow null");
                    }
                    continue;
                }
                LogicalType type = rowType.getTypeAt(index);
                // Nullable getters: on Flink 1.20 a NOT NULL type's getter reads without a null
                // check.
                getters[i] = RowData.createFieldGetter(type.copy(true), index);
                conversions[i] = toAvro(type, f.schema(), path);
            }
        }

        GenericRecord encode(RowData row) {
            GenericData.Record record = new GenericData.Record(schema);
            for (int i = 0; i < getters.length; i++) {
                if (getters[i] == null) {
                    Object def = defaults[i];
                    record.put(
                            i,
                            def == null
                                    ? null
                                    : GenericData.get()
                                            .deepCopy(schema.getFields().get(i).schema(), def));
                } else {
                    record.put(i, conversions[i].convert(getters[i].getFieldOrNull(row)));
                }
            }
            return record;
        }
    }

    /** Reads the records of one writer schema into rows of the row type. */
    private static final class RecordDecoder {
        private final RowType rowType;
        private final Schema schema;
        private final String pathPrefix;
        private final int[] positions; // -1: the record lacks the field
        private final Conversion[] conversions;

        RecordDecoder(RowType rowType, Schema schema, String pathPrefix) {
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException(
                        "The record's schema must be an Avro record, not " + schema.getType());
            }
            this.rowType = rowType;
            this.schema = schema;
            this.pathPrefix = pathPrefix;
            int n = rowType.getFieldCount();
            positions = new int[n];
            conversions = new Conversion[n];
            for (int i = 0; i < n; i++) {
                RowType.RowField rf = rowType.getFields().get(i);
                String path = pathPrefix + rf.getName();
                Schema.Field f = schema.getField(rf.getName());
                if (f == null) {
                    if (!rf.getType().isNullable()) {
                        throw new IllegalArgumentException(
                                "Field '"
                                        + path
                                        + "' is NOT NULL in the row type but missing from"
                                        + " the Avro schema "
                                        + schema.getFullName());
                    }
                    positions[i] = -1;
                    continue;
                }
                positions[i] = f.pos();
                conversions[i] = fromAvro(rf.getType(), f.schema(), path);
            }
        }

        RowData decode(GenericRecord record) {
            Schema actual = record.getSchema();
            if (actual != schema && !actual.equals(schema)) {
                // A nested record built with a schema other than its field's: read it by name.
                return new RecordDecoder(rowType, actual, pathPrefix).decode(record);
            }
            GenericRowData row = new GenericRowData(positions.length);
            for (int i = 0; i < positions.length; i++) {
                if (positions[i] >= 0) {
                    row.setField(i, conversions[i].convert(record.get(positions[i])));
                }
            }
            return row;
        }
    }

    // ---------------------------------------------------------------- Flink -> Avro

    private static Conversion toAvro(LogicalType type, Schema schema, String path) {
        Conversion inner = nonNullToAvro(type, AvroSchemas.nonNullBranch(schema, path), path);
        boolean nullable = AvroSchemas.allowsNull(schema);
        return value -> {
            if (value == null) {
                if (nullable) {
                    return null;
                }
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "' is null but its Avro type "
                                + schema
                                + " does not allow null");
            }
            try {
                return inner.convert(value);
            } catch (ClassCastException e) {
                throw wrongValue(path, value, e);
            }
        };
    }

    private static Conversion nonNullToAvro(LogicalType type, Schema s, String path) {
        Schema.Type at = s.getType();
        String lname = AvroSchemas.logicalName(s);
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                require(at == Schema.Type.BOOLEAN, type, s, path);
                return v -> v;
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                return integralToAvro(type, s, path);
            case FLOAT:
            case DOUBLE:
                if (at == Schema.Type.FLOAT) {
                    return v -> ((Number) v).floatValue();
                }
                require(at == Schema.Type.DOUBLE, type, s, path);
                return v -> ((Number) v).doubleValue();
            case CHAR:
            case VARCHAR:
                if (at == Schema.Type.STRING) {
                    return v -> new Utf8(((StringData) v).toBytes());
                }
                require(at == Schema.Type.ENUM, type, s, path);
                return v -> {
                    String symbol = v.toString();
                    if (!s.hasEnumSymbol(symbol)) {
                        throw new IllegalArgumentException(
                                "Field '"
                                        + path
                                        + "': '"
                                        + symbol
                                        + "' is not a symbol of the Avro"
                                        + " enum "
                                        + s.getFullName()
                                        + " "
                                        + s.getEnumSymbols());
                    }
                    return new GenericData.EnumSymbol(s, symbol);
                };
            case BINARY:
            case VARBINARY:
                if (at == Schema.Type.BYTES && lname == null) {
                    return v -> ByteBuffer.wrap((byte[]) v);
                }
                require(at == Schema.Type.FIXED && lname == null, type, s, path);
                return v -> {
                    byte[] bytes = (byte[]) v;
                    if (bytes.length != s.getFixedSize()) {
                        throw new IllegalArgumentException(
                                "Field '"
                                        + path
                                        + "' has "
                                        + bytes.length
                                        + " bytes but the Avro"
                                        + " fixed "
                                        + s.getFullName()
                                        + " has "
                                        + s.getFixedSize());
                    }
                    return new GenericData.Fixed(s, bytes);
                };
            case DECIMAL:
                return decimalToAvro(type, s, path);
            case DATE:
                require(
                        at == Schema.Type.INT && (lname == null || "date".equals(lname)),
                        type,
                        s,
                        path);
                return v -> v;
            case TIME_WITHOUT_TIME_ZONE:
                if (at == Schema.Type.LONG && "time-micros".equals(lname)) {
                    return v -> ((Integer) v) * 1000L;
                }
                require(
                        at == Schema.Type.INT && (lname == null || "time-millis".equals(lname)),
                        type,
                        s,
                        path);
                return v -> v;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                require(at == Schema.Type.LONG && isTimestamp(lname), type, s, path);
                if (isMicros(lname)) {
                    return v -> {
                        TimestampData t = (TimestampData) v;
                        return Math.addExact(
                                Math.multiplyExact(t.getMillisecond(), 1000L),
                                t.getNanoOfMillisecond() / 1000);
                    };
                }
                return v -> ((TimestampData) v).getMillisecond();
            case ARRAY:
                {
                    require(at == Schema.Type.ARRAY, type, s, path);
                    LogicalType elementType = ((ArrayType) type).getElementType();
                    ArrayData.ElementGetter getter =
                            ArrayData.createElementGetter(elementType.copy(true));
                    Conversion element =
                            toAvro(elementType, s.getElementType(), path + ".<element>");
                    return v -> {
                        ArrayData array = (ArrayData) v;
                        int n = array.size();
                        GenericData.Array<Object> out = new GenericData.Array<>(n, s);
                        for (int i = 0; i < n; i++) {
                            out.add(element.convert(getter.getElementOrNull(array, i)));
                        }
                        return out;
                    };
                }
            case MAP:
                {
                    MapType mapType = (MapType) type;
                    require(
                            at == Schema.Type.MAP && AvroSchemas.isStringKey(mapType.getKeyType()),
                            type,
                            s,
                            path);
                    ArrayData.ElementGetter keyGetter =
                            ArrayData.createElementGetter(mapType.getKeyType().copy(true));
                    ArrayData.ElementGetter valueGetter =
                            ArrayData.createElementGetter(mapType.getValueType().copy(true));
                    Conversion value =
                            toAvro(mapType.getValueType(), s.getValueType(), path + ".<value>");
                    return v -> {
                        MapData map = (MapData) v;
                        ArrayData keys = map.keyArray();
                        ArrayData values = map.valueArray();
                        Map<Object, Object> out = new HashMap<>();
                        for (int i = 0; i < map.size(); i++) {
                            Object key = keyGetter.getElementOrNull(keys, i);
                            if (key == null) {
                                throw new IllegalArgumentException(
                                        "Field '"
                                                + path
                                                + "' has a null map key, which Avro cannot hold");
                            }
                            out.put(
                                    new Utf8(((StringData) key).toBytes()),
                                    value.convert(valueGetter.getElementOrNull(values, i)));
                        }
                        return out;
                    };
                }
            case ROW:
                {
                    require(at == Schema.Type.RECORD, type, s, path);
                    RecordEncoder nested = new RecordEncoder((RowType) type, s, path + ".");
                    return v -> nested.encode((RowData) v);
                }
            default:
                throw AvroSchemas.unsupported(type, path);
        }
    }

    private static Conversion integralToAvro(LogicalType type, Schema s, String path) {
        switch (s.getType()) {
            case INT:
                return v -> {
                    long l = ((Number) v).longValue();
                    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(
                                "Field '" + path + "': " + l + " does not fit the Avro int");
                    }
                    return (int) l;
                };
            case LONG:
                return v -> ((Number) v).longValue();
            case FLOAT:
                return v -> ((Number) v).floatValue();
            case DOUBLE:
                return v -> ((Number) v).doubleValue();
            default:
                throw mismatch(type, s, path);
        }
    }

    private static Conversion decimalToAvro(LogicalType type, Schema s, String path) {
        require(
                s.getLogicalType() instanceof LogicalTypes.Decimal
                        && (s.getType() == Schema.Type.BYTES || s.getType() == Schema.Type.FIXED),
                type,
                s,
                path);
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) s.getLogicalType();
        int scale = decimal.getScale();
        int precision = decimal.getPrecision();
        boolean fixed = s.getType() == Schema.Type.FIXED;
        return v -> {
            BigDecimal value = ((DecimalData) v).toBigDecimal();
            BigDecimal scaled;
            try {
                scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "': "
                                + value
                                + " does not fit the scale "
                                + scale
                                + " of the Avro decimal",
                        e);
            }
            if (scaled.precision() > precision) {
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "': "
                                + value
                                + " does not fit the precision "
                                + precision
                                + " of the Avro decimal");
            }
            byte[] bytes = scaled.unscaledValue().toByteArray();
            if (!fixed) {
                return ByteBuffer.wrap(bytes);
            }
            int size = s.getFixedSize();
            if (bytes.length > size) {
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "': "
                                + value
                                + " does not fit the Avro fixed of "
                                + size
                                + " bytes");
            }
            byte[] out = new byte[size];
            Arrays.fill(out, 0, size - bytes.length, (byte) (scaled.signum() < 0 ? -1 : 0));
            System.arraycopy(bytes, 0, out, size - bytes.length, bytes.length);
            return new GenericData.Fixed(s, out);
        };
    }

    // ---------------------------------------------------------------- Avro -> Flink

    private static Conversion fromAvro(LogicalType type, Schema schema, String path) {
        Conversion inner = nonNullFromAvro(type, AvroSchemas.nonNullBranch(schema, path), path);
        boolean nullable = type.isNullable();
        return value -> {
            if (value == null) {
                if (nullable) {
                    return null;
                }
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "' is null in the Avro record but NOT NULL in the row type");
            }
            try {
                return inner.convert(value);
            } catch (ClassCastException e) {
                throw wrongValue(path, value, e);
            }
        };
    }

    private static Conversion nonNullFromAvro(LogicalType type, Schema s, String path) {
        Schema.Type at = s.getType();
        String lname = AvroSchemas.logicalName(s);
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                require(at == Schema.Type.BOOLEAN, type, s, path);
                return v -> v;
            case TINYINT:
                require(at == Schema.Type.INT || at == Schema.Type.LONG, type, s, path);
                return v ->
                        (byte)
                                checkRange(
                                        ((Number) v).longValue(),
                                        Byte.MIN_VALUE,
                                        Byte.MAX_VALUE,
                                        path);
            case SMALLINT:
                require(at == Schema.Type.INT || at == Schema.Type.LONG, type, s, path);
                return v ->
                        (short)
                                checkRange(
                                        ((Number) v).longValue(),
                                        Short.MIN_VALUE,
                                        Short.MAX_VALUE,
                                        path);
            case INTEGER:
                require(at == Schema.Type.INT, type, s, path);
                return v -> ((Number) v).intValue();
            case BIGINT:
                require(at == Schema.Type.INT || at == Schema.Type.LONG, type, s, path);
                return v -> ((Number) v).longValue();
            case FLOAT:
                require(
                        at == Schema.Type.INT || at == Schema.Type.LONG || at == Schema.Type.FLOAT,
                        type,
                        s,
                        path);
                return v -> ((Number) v).floatValue();
            case DOUBLE:
                require(
                        at == Schema.Type.INT
                                || at == Schema.Type.LONG
                                || at == Schema.Type.FLOAT
                                || at == Schema.Type.DOUBLE,
                        type,
                        s,
                        path);
                return v -> ((Number) v).doubleValue();
            case CHAR:
            case VARCHAR:
                require(at == Schema.Type.STRING || at == Schema.Type.ENUM, type, s, path);
                return AvroRowConverter::toStringData;
            case BINARY:
            case VARBINARY:
                require(
                        (at == Schema.Type.BYTES || at == Schema.Type.FIXED) && lname == null,
                        type,
                        s,
                        path);
                return AvroRowConverter::toBytes;
            case DECIMAL:
                {
                    require(
                            s.getLogicalType() instanceof LogicalTypes.Decimal
                                    && (at == Schema.Type.BYTES || at == Schema.Type.FIXED),
                            type,
                            s,
                            path);
                    int avroScale = ((LogicalTypes.Decimal) s.getLogicalType()).getScale();
                    DecimalType decimalType = (DecimalType) type;
                    return v -> {
                        BigDecimal value;
                        if (v instanceof BigDecimal) {
                            value = (BigDecimal) v;
                        } else {
                            byte[] bytes = toBytes(v);
                            value =
                                    bytes.length == 0
                                            ? BigDecimal.valueOf(0, avroScale)
                                            : new BigDecimal(new BigInteger(bytes), avroScale);
                        }
                        DecimalData d =
                                DecimalData.fromBigDecimal(
                                        value, decimalType.getPrecision(), decimalType.getScale());
                        if (d == null) {
                            throw new IllegalArgumentException(
                                    "Field '"
                                            + path
                                            + "': "
                                            + value
                                            + " does not fit "
                                            + decimalType.asSummaryString());
                        }
                        return d;
                    };
                }
            case DATE:
                require(
                        at == Schema.Type.INT && (lname == null || "date".equals(lname)),
                        type,
                        s,
                        path);
                return v -> v instanceof LocalDate ? (int) ((LocalDate) v).toEpochDay() : v;
            case TIME_WITHOUT_TIME_ZONE:
                if (at == Schema.Type.LONG && "time-micros".equals(lname)) {
                    return v -> (int) Math.floorDiv(((Number) v).longValue(), 1000L);
                }
                require(
                        at == Schema.Type.INT && (lname == null || "time-millis".equals(lname)),
                        type,
                        s,
                        path);
                return v -> ((Number) v).intValue();
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                {
                    require(at == Schema.Type.LONG && isTimestamp(lname), type, s, path);
                    boolean micros = isMicros(lname);
                    return v -> {
                        if (v instanceof Instant) {
                            return TimestampData.fromInstant((Instant) v);
                        }
                        if (v instanceof LocalDateTime) {
                            return TimestampData.fromLocalDateTime((LocalDateTime) v);
                        }
                        long l = ((Number) v).longValue();
                        if (!micros) {
                            return TimestampData.fromEpochMillis(l);
                        }
                        return TimestampData.fromEpochMillis(
                                Math.floorDiv(l, 1000L), (int) Math.floorMod(l, 1000L) * 1000);
                    };
                }
            case ARRAY:
                {
                    require(at == Schema.Type.ARRAY, type, s, path);
                    Conversion element =
                            fromAvro(
                                    ((ArrayType) type).getElementType(),
                                    s.getElementType(),
                                    path + ".<element>");
                    return v -> {
                        Collection<?> c = (Collection<?>) v;
                        Object[] out = new Object[c.size()];
                        int i = 0;
                        for (Object o : c) {
                            out[i++] = element.convert(o);
                        }
                        return new GenericArrayData(out);
                    };
                }
            case MAP:
                {
                    MapType mapType = (MapType) type;
                    require(
                            at == Schema.Type.MAP && AvroSchemas.isStringKey(mapType.getKeyType()),
                            type,
                            s,
                            path);
                    Conversion value =
                            fromAvro(mapType.getValueType(), s.getValueType(), path + ".<value>");
                    return v -> {
                        Map<?, ?> map = (Map<?, ?>) v;
                        Map<Object, Object> out = new HashMap<>();
                        for (Map.Entry<?, ?> e : map.entrySet()) {
                            out.put(toStringData(e.getKey()), value.convert(e.getValue()));
                        }
                        return new GenericMapData(out);
                    };
                }
            case ROW:
                {
                    require(at == Schema.Type.RECORD, type, s, path);
                    RecordDecoder nested = new RecordDecoder((RowType) type, s, path + ".");
                    return v -> nested.decode((GenericRecord) v);
                }
            default:
                throw AvroSchemas.unsupported(type, path);
        }
    }

    private static long checkRange(long value, long min, long max, String path) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Field '"
                            + path
                            + "': "
                            + value
                            + " is out of the range ["
                            + min
                            + ", "
                            + max
                            + "]");
        }
        return value;
    }

    private static StringData toStringData(Object v) {
        if (v instanceof Utf8) {
            Utf8 utf8 = (Utf8) v;
            return StringData.fromBytes(Arrays.copyOf(utf8.getBytes(), utf8.getByteLength()));
        }
        return StringData.fromString(v.toString());
    }

    private static byte[] toBytes(Object v) {
        if (v instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) v).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        if (v instanceof GenericFixed) {
            return ((GenericFixed) v).bytes().clone();
        }
        return ((byte[]) v).clone();
    }

    private static boolean isTimestamp(String lname) {
        return lname == null
                || "timestamp-millis".equals(lname)
                || "timestamp-micros".equals(lname)
                || "local-timestamp-millis".equals(lname)
                || "local-timestamp-micros".equals(lname);
    }

    private static boolean isMicros(String lname) {
        return "timestamp-micros".equals(lname) || "local-timestamp-micros".equals(lname);
    }

    private static IllegalArgumentException wrongValue(
            String path, Object value, ClassCastException e) {
        return new IllegalArgumentException(
                "Field '"
                        + path
                        + "' holds a "
                        + value.getClass().getName()
                        + ", which does not fit its type",
                e);
    }

    private static void require(boolean matches, LogicalType type, Schema s, String path) {
        if (!matches) {
            throw mismatch(type, s, path);
        }
    }

    private static IllegalArgumentException mismatch(LogicalType type, Schema s, String path) {
        return new IllegalArgumentException(
                "Field '"
                        + path
                        + "': the Flink type "
                        + type.asSummaryString()
                        + " does not match the Avro type "
                        + s);
    }
}
