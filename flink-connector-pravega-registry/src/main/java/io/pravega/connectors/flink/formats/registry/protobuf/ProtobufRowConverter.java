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

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Flink {@link RowData} of one {@link RowType} to and from protobuf {@link
 * DynamicMessage}s, the generic representation Pravega Schema Registry's Protobuf serializers
 * accept and return.
 *
 * <p>Why: the {@code pravega-registry} format writes rows against a registered schema that may have
 * been registered by another application, and reads messages whose schema may have evolved; so
 * fields are matched <b>by name</b>, never by position or number. The value mapping is the one
 * described on {@link ProtobufSchemas}; in addition, reading accepts the kinds {@link
 * ProtobufSchemas#toRowType} derives from foreign schemas (enums as STRING, unsigned integers as
 * BIGINT/DECIMAL(20, 0), any integer kind for an integer column when the value fits).
 *
 * <p>Writing: a null value leaves the field unset (a reader of a field without presence then sees
 * its default value); a null ARRAY or MAP is written as empty; a null array element or map
 * key/value, a non-null column the writer message has no field for, and values that do not fit the
 * field fail with an {@link IllegalArgumentException} naming the field.
 *
 * <p>Reading: an unset field with presence is null; a column the message has no field for is null
 * when nullable and an error otherwise; an unset message field of a NOT NULL ROW column is an
 * error; repeated and map fields are never null.
 */
@Internal
public final class ProtobufRowConverter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RowType rowType;

    public ProtobufRowConverter(RowType rowType) {
        if (rowType == null) {
            throw new IllegalArgumentException("rowType must not be null");
        }
        this.rowType = rowType;
    }

    // ------------------------------------------------------------------------------------------
    // RowData -> DynamicMessage
    // ------------------------------------------------------------------------------------------

    /** The message of type {@code writerDescriptor} holding {@code row}, fields matched by name. */
    public DynamicMessage toMessage(RowData row, Descriptor writerDescriptor) {
        return message(row, rowType, writerDescriptor, "");
    }

    private static DynamicMessage message(
            RowData row, RowType type, Descriptor descriptor, String pathPrefix) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(descriptor);
        List<RowType.RowField> fields = type.getFields();
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField field = fields.get(i);
            String path = pathPrefix + field.getName();
            // Nullable getters: on Flink 1.20 a NOT NULL type's getter reads without a null check.
            Object value =
                    RowData.createFieldGetter(field.getType().copy(true), i).getFieldOrNull(row);
            if (value == null) {
                continue;
            }
            FieldDescriptor fd = descriptor.findFieldByName(field.getName());
            if (fd == null) {
                throw new IllegalArgumentException(
                        "Field '"
                                + path
                                + "' has a value but the writer schema's message '"
                                + descriptor.getFullName()
                                + "' has no field of that name");
            }
            if (fd.isMapField()) {
                if (!(field.getType() instanceof MapType)) {
                    throw mismatch(path, field.getType(), fd);
                }
                MapType mapType = (MapType) field.getType();
                Descriptor entry = fd.getMessageType();
                FieldDescriptor keyFd = entry.findFieldByNumber(1);
                FieldDescriptor valueFd = entry.findFieldByNumber(2);
                MapData map = (MapData) value;
                ArrayData keys = map.keyArray();
                ArrayData values = map.valueArray();
                ArrayData.ElementGetter keyGetter =
                        ArrayData.createElementGetter(mapType.getKeyType().copy(true));
                ArrayData.ElementGetter valueGetter =
                        ArrayData.createElementGetter(mapType.getValueType().copy(true));
                for (int j = 0; j < map.size(); j++) {
                    Object k = keyGetter.getElementOrNull(keys, j);
                    Object v = valueGetter.getElementOrNull(values, j);
                    if (k == null || v == null) {
                        throw new IllegalArgumentException(
                                "Field '"
                                        + path
                                        + "' holds a null map "
                                        + (k == null ? "key" : "value")
                                        + "; protobuf map fields cannot hold null");
                    }
                    builder.addRepeatedField(
                            fd,
                            DynamicMessage.newBuilder(entry)
                                    .setField(
                                            keyFd,
                                            single(k, mapType.getKeyType(), keyFd, path + "{key}"))
                                    .setField(
                                            valueFd,
                                            single(
                                                    v,
                                                    mapType.getValueType(),
                                                    valueFd,
                                                    path + "{value}"))
                                    .build());
                }
            } else if (fd.isRepeated()) {
                if (!(field.getType() instanceof ArrayType)) {
                    throw mismatch(path, field.getType(), fd);
                }
                LogicalType elementType = ((ArrayType) field.getType()).getElementType();
                ArrayData array = (ArrayData) value;
                ArrayData.ElementGetter getter =
                        ArrayData.createElementGetter(elementType.copy(true));
                for (int j = 0; j < array.size(); j++) {
                    Object element = getter.getElementOrNull(array, j);
                    if (element == null) {
                        throw new IllegalArgumentException(
                                "Field '"
                                        + path
                                        + "' holds a null element at index "
                                        + j
                                        + "; protobuf repeated fields cannot hold null");
                    }
                    builder.addRepeatedField(
                            fd, single(element, elementType, fd, path + "[" + j + "]"));
                }
            } else {
                builder.setField(fd, single(value, field.getType(), fd, path));
            }
        }
        if (!builder.isInitialized()) {
            throw new IllegalArgumentException(
                    "The row does not set the required fields "
                            + builder.findInitializationErrors()
                            + " of message '"
                            + descriptor.getFullName()
                            + "'");
        }
        return builder.build();
    }

    /** One (non-null) Flink value as the Java value protobuf expects for {@code fd}. */
    private static Object single(Object value, LogicalType type, FieldDescriptor fd, String path) {
        FieldDescriptor.JavaType target = fd.getJavaType();
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                if (target == FieldDescriptor.JavaType.BOOLEAN) {
                    return value;
                }
                break;
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return integral(((Number) value).longValue(), type, fd, path);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                {
                    TimestampData ts = (TimestampData) value;
                    long micros =
                            Math.addExact(
                                    Math.multiplyExact(ts.getMillisecond(), 1000L),
                                    ts.getNanoOfMillisecond() / 1000);
                    if (target == FieldDescriptor.JavaType.LONG) {
                        return integral(micros, type, fd, path);
                    }
                    break;
                }
            case FLOAT:
                if (target == FieldDescriptor.JavaType.FLOAT) {
                    return value;
                }
                if (target == FieldDescriptor.JavaType.DOUBLE) {
                    return ((Float) value).doubleValue();
                }
                break;
            case DOUBLE:
                if (target == FieldDescriptor.JavaType.DOUBLE) {
                    return value;
                }
                break;
            case CHAR:
            case VARCHAR:
                {
                    String s = value.toString();
                    if (target == FieldDescriptor.JavaType.STRING) {
                        return s;
                    }
                    if (target == FieldDescriptor.JavaType.ENUM) {
                        EnumValueDescriptor e = fd.getEnumType().findValueByName(s);
                        if (e == null) {
                            throw new IllegalArgumentException(
                                    "Field '"
                                            + path
                                            + "': '"
                                            + s
                                            + "' is not a value of enum '"
                                            + fd.getEnumType().getFullName()
                                            + "'");
                        }
                        return e;
                    }
                    break;
                }
            case BINARY:
            case VARBINARY:
                if (target == FieldDescriptor.JavaType.BYTE_STRING) {
                    return ByteString.copyFrom((byte[]) value);
                }
                break;
            case DECIMAL:
                {
                    BigDecimal d = ((DecimalData) value).toBigDecimal();
                    if (target == FieldDescriptor.JavaType.STRING) {
                        return d.toPlainString();
                    }
                    if ((target == FieldDescriptor.JavaType.LONG
                                    || target == FieldDescriptor.JavaType.INT)
                            && d.scale() <= 0) {
                        return unsignedOrSigned(d.toBigIntegerExact(), type, fd, path);
                    }
                    break;
                }
            case ROW:
                if (target == FieldDescriptor.JavaType.MESSAGE) {
                    return message(
                            (RowData) value, (RowType) type, fd.getMessageType(), path + ".");
                }
                break;
            default:
                throw ProtobufSchemas.unsupported(path, type);
        }
        throw mismatch(path, type, fd);
    }

    private static Object integral(long v, LogicalType type, FieldDescriptor fd, String path) {
        return unsignedOrSigned(BigInteger.valueOf(v), type, fd, path);
    }

    private static Object unsignedOrSigned(
            BigInteger v, LogicalType type, FieldDescriptor fd, String path) {
        boolean unsigned = isUnsigned(fd);
        switch (fd.getJavaType()) {
            case INT:
                {
                    BigInteger min =
                            unsigned ? BigInteger.ZERO : BigInteger.valueOf(Integer.MIN_VALUE);
                    BigInteger max =
                            unsigned
                                    ? BigInteger.valueOf(0xFFFF_FFFFL)
                                    : BigInteger.valueOf(Integer.MAX_VALUE);
                    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                        throw outOfRange(path, v, fd);
                    }
                    return (int) v.longValue();
                }
            case LONG:
                {
                    BigInteger min =
                            unsigned ? BigInteger.ZERO : BigInteger.valueOf(Long.MIN_VALUE);
                    BigInteger max =
                            unsigned
                                    ? BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)
                                    : BigInteger.valueOf(Long.MAX_VALUE);
                    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                        throw outOfRange(path, v, fd);
                    }
                    return v.longValue();
                }
            default:
                throw mismatch(path, type, fd);
        }
    }

    // ------------------------------------------------------------------------------------------
    // DynamicMessage -> RowData
    // ------------------------------------------------------------------------------------------

    /** The row of this converter's type held by {@code message}, fields matched by name. */
    public RowData toRow(DynamicMessage message) {
        return row(message, rowType, "");
    }

    private static GenericRowData row(Message message, RowType type, String pathPrefix) {
        Descriptor descriptor = message.getDescriptorForType();
        List<RowType.RowField> fields = type.getFields();
        GenericRowData row = new GenericRowData(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField field = fields.get(i);
            LogicalType fieldType = field.getType();
            String path = pathPrefix + field.getName();
            FieldDescriptor fd = descriptor.findFieldByName(field.getName());
            if (fd == null) {
                if (!fieldType.isNullable()) {
                    throw new IllegalArgumentException(
                            "Field '"
                                    + path
                                    + "' is "
                                    + fieldType.asSummaryString()
                                    + " but message '"
                                    + descriptor.getFullName()
                                    + "' has no field of that name");
                }
                continue;
            }
            if (fd.isMapField()) {
                if (!(fieldType instanceof MapType)) {
                    throw mismatch(path, fieldType, fd);
                }
                MapType mapType = (MapType) fieldType;
                FieldDescriptor keyFd = fd.getMessageType().findFieldByNumber(1);
                FieldDescriptor valueFd = fd.getMessageType().findFieldByNumber(2);
                Map<Object, Object> map = new LinkedHashMap<>();
                int n = message.getRepeatedFieldCount(fd);
                for (int j = 0; j < n; j++) {
                    Message entry = (Message) message.getRepeatedField(fd, j);
                    map.put(
                            flink(
                                    entry.getField(keyFd),
                                    mapType.getKeyType(),
                                    keyFd,
                                    path + "{key}"),
                            flink(
                                    entry.getField(valueFd),
                                    mapType.getValueType(),
                                    valueFd,
                                    path + "{value}"));
                }
                row.setField(i, new GenericMapData(map));
            } else if (fd.isRepeated()) {
                if (!(fieldType instanceof ArrayType)) {
                    throw mismatch(path, fieldType, fd);
                }
                LogicalType elementType = ((ArrayType) fieldType).getElementType();
                int n = message.getRepeatedFieldCount(fd);
                Object[] elements = new Object[n];
                for (int j = 0; j < n; j++) {
                    elements[j] =
                            flink(
                                    message.getRepeatedField(fd, j),
                                    elementType,
                                    fd,
                                    path + "[" + j + "]");
                }
                row.setField(i, new GenericArrayData(elements));
            } else if (fd.hasPresence() && !message.hasField(fd)) {
                if (!fieldType.isNullable()
                        && fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    throw new IllegalArgumentException(
                            "Field '"
                                    + path
                                    + "' is "
                                    + fieldType.asSummaryString()
                                    + " but not set");
                }
                if (!fieldType.isNullable()) {
                    row.setField(i, flink(message.getField(fd), fieldType, fd, path));
                }
            } else {
                row.setField(i, flink(message.getField(fd), fieldType, fd, path));
            }
        }
        return row;
    }

    /** One protobuf value of {@code fd} as the Flink internal value of {@code type}. */
    private static Object flink(Object value, LogicalType type, FieldDescriptor fd, String path) {
        FieldDescriptor.JavaType source = fd.getJavaType();
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                if (source == FieldDescriptor.JavaType.BOOLEAN) {
                    return value;
                }
                break;
            case TINYINT:
                if (isIntegral(source)) {
                    return (byte) fit(integer(value, fd), Byte.MIN_VALUE, Byte.MAX_VALUE, path, fd);
                }
                break;
            case SMALLINT:
                if (isIntegral(source)) {
                    return (short)
                            fit(integer(value, fd), Short.MIN_VALUE, Short.MAX_VALUE, path, fd);
                }
                break;
            case INTEGER:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                if (isIntegral(source)) {
                    return (int)
                            fit(integer(value, fd), Integer.MIN_VALUE, Integer.MAX_VALUE, path, fd);
                }
                break;
            case BIGINT:
                if (isIntegral(source)) {
                    return fit(integer(value, fd), Long.MIN_VALUE, Long.MAX_VALUE, path, fd);
                }
                break;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                if (isIntegral(source)) {
                    long micros = fit(integer(value, fd), Long.MIN_VALUE, Long.MAX_VALUE, path, fd);
                    return TimestampData.fromEpochMillis(
                            Math.floorDiv(micros, 1000L),
                            (int) Math.floorMod(micros, 1000L) * 1000);
                }
                break;
            case FLOAT:
                if (source == FieldDescriptor.JavaType.FLOAT) {
                    return value;
                }
                break;
            case DOUBLE:
                if (source == FieldDescriptor.JavaType.DOUBLE
                        || source == FieldDescriptor.JavaType.FLOAT) {
                    return ((Number) value).doubleValue();
                }
                break;
            case CHAR:
            case VARCHAR:
                if (source == FieldDescriptor.JavaType.STRING) {
                    return StringData.fromString((String) value);
                }
                if (source == FieldDescriptor.JavaType.ENUM) {
                    return StringData.fromString(((EnumValueDescriptor) value).getName());
                }
                break;
            case BINARY:
            case VARBINARY:
                if (source == FieldDescriptor.JavaType.BYTE_STRING) {
                    return ((ByteString) value).toByteArray();
                }
                break;
            case DECIMAL:
                {
                    DecimalType decimalType = (DecimalType) type;
                    BigDecimal d;
                    if (source == FieldDescriptor.JavaType.STRING) {
                        try {
                            d = new BigDecimal((String) value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(
                                    "Field '" + path + "': '" + value + "' is not a decimal number",
                                    e);
                        }
                    } else if (isIntegral(source)) {
                        d = new BigDecimal(integer(value, fd));
                    } else {
                        break;
                    }
                    DecimalData data =
                            DecimalData.fromBigDecimal(
                                    d, decimalType.getPrecision(), decimalType.getScale());
                    if (data == null) {
                        throw new IllegalArgumentException(
                                "Field '"
                                        + path
                                        + "': "
                                        + d
                                        + " does not fit "
                                        + type.asSummaryString());
                    }
                    return data;
                }
            case ROW:
                if (source == FieldDescriptor.JavaType.MESSAGE) {
                    return row((Message) value, (RowType) type, path + ".");
                }
                break;
            default:
                throw ProtobufSchemas.unsupported(path, type);
        }
        throw mismatch(path, type, fd);
    }

    private static boolean isIntegral(FieldDescriptor.JavaType type) {
        return type == FieldDescriptor.JavaType.INT || type == FieldDescriptor.JavaType.LONG;
    }

    private static boolean isUnsigned(FieldDescriptor fd) {
        switch (fd.getType()) {
            case UINT32:
            case FIXED32:
            case UINT64:
            case FIXED64:
                return true;
            default:
                return false;
        }
    }

    private static BigInteger integer(Object value, FieldDescriptor fd) {
        if (value instanceof Integer) {
            int v = (Integer) value;
            return BigInteger.valueOf(isUnsigned(fd) ? Integer.toUnsignedLong(v) : v);
        }
        long v = (Long) value;
        return isUnsigned(fd) ? new BigInteger(Long.toUnsignedString(v)) : BigInteger.valueOf(v);
    }

    private static long fit(BigInteger v, long min, long max, String path, FieldDescriptor fd) {
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(
                    "Field '"
                            + path
                            + "': value "
                            + v
                            + " of protobuf field '"
                            + fd.getFullName()
                            + "' is out of range ["
                            + min
                            + ", "
                            + max
                            + "]");
        }
        return v.longValue();
    }

    private static IllegalArgumentException outOfRange(
            String path, BigInteger v, FieldDescriptor fd) {
        return new IllegalArgumentException(
                "Field '"
                        + path
                        + "': value "
                        + v
                        + " does not fit protobuf field '"
                        + fd.getFullName()
                        + "' of type "
                        + fd.getType().name().toLowerCase());
    }

    private static IllegalArgumentException mismatch(
            String path, LogicalType type, FieldDescriptor fd) {
        String kind =
                (fd.isMapField() ? "map " : fd.isRepeated() ? "repeated " : "")
                        + fd.getType().name().toLowerCase();
        return new IllegalArgumentException(
                "Field '"
                        + path
                        + "' has Flink type "
                        + type.asSummaryString()
                        + ", which does not match protobuf field '"
                        + fd.getFullName()
                        + "' of type "
                        + kind);
    }
}
