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
package io.pravega.connectors.flink.formats.registry.json;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Converts rows to JSON objects and back, by field name. Dates and times are ISO-8601 strings,
 * bytes base64, decimals JSON numbers; a null column is written as JSON null.
 */
@Internal
public final class JsonRowConverter implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RowType rowType;

    public JsonRowConverter(RowType rowType) {
        this.rowType = rowType;
    }

    /** The row as a JSON object. */
    public ObjectNode toJson(RowData row) {
        return object(row, rowType, "");
    }

    private static ObjectNode object(RowData row, RowType type, String path) {
        ObjectNode node = NODES.objectNode();
        List<RowType.RowField> fields = type.getFields();
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField field = fields.get(i);
            // Nullable getters: on Flink 1.20 a NOT NULL type's getter reads without a null check.
            Object value =
                    RowData.createFieldGetter(field.getType().copy(true), i).getFieldOrNull(row);
            node.set(field.getName(), json(value, field.getType(), path + field.getName()));
        }
        return node;
    }

    private static JsonNode json(Object value, LogicalType type, String field) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case TINYINT:
                return NODES.numberNode((Byte) value);
            case SMALLINT:
                return NODES.numberNode((Short) value);
            case INTEGER:
                return NODES.numberNode((Integer) value);
            case BIGINT:
                return NODES.numberNode((Long) value);
            case FLOAT:
                return NODES.numberNode((Float) value);
            case DOUBLE:
                return NODES.numberNode((Double) value);
            case DECIMAL:
                return NODES.numberNode(((DecimalData) value).toBigDecimal());
            case CHAR:
            case VARCHAR:
                return NODES.textNode(value.toString());
            case BINARY:
            case VARBINARY:
                return NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
            case DATE:
                return NODES.textNode(LocalDate.ofEpochDay((Integer) value).toString());
            case TIME_WITHOUT_TIME_ZONE:
                return NODES.textNode(
                        LocalTime.ofNanoOfDay((Integer) value * 1_000_000L).toString());
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return NODES.textNode(((TimestampData) value).toLocalDateTime().toString());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return NODES.textNode(((TimestampData) value).toInstant().toString());
            case ARRAY:
                LogicalType elementType = ((ArrayType) type).getElementType();
                ArrayData array = (ArrayData) value;
                ArrayData.ElementGetter element =
                        ArrayData.createElementGetter(elementType.copy(true));
                ArrayNode items = NODES.arrayNode();
                for (int i = 0; i < array.size(); i++) {
                    items.add(json(element.getElementOrNull(array, i), elementType, field + "[]"));
                }
                return items;
            case MAP:
                MapType mapType = (MapType) type;
                MapData map = (MapData) value;
                ArrayData keys = map.keyArray();
                ArrayData values = map.valueArray();
                ArrayData.ElementGetter valueGetter =
                        ArrayData.createElementGetter(mapType.getValueType().copy(true));
                ObjectNode entries = NODES.objectNode();
                for (int i = 0; i < map.size(); i++) {
                    entries.set(
                            keys.getString(i).toString(),
                            json(
                                    valueGetter.getElementOrNull(values, i),
                                    mapType.getValueType(),
                                    field + "{}"));
                }
                return entries;
            case ROW:
                RowType rowType = (RowType) type;
                return object((RowData) value, rowType, field + ".");
            default:
                throw new IllegalArgumentException(
                        "Column '" + field + "' has type " + type + ", which JSON cannot hold.");
        }
    }

    /** The JSON object as a row of the converter's type; fields are matched by name. */
    public RowData toRow(JsonNode node) {
        return row(node, rowType, "");
    }

    private static RowData row(JsonNode node, RowType type, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    (path.isEmpty() ? "The event" : "Field '" + path + "'")
                            + " is JSON "
                            + node.getNodeType()
                            + ", not an object.");
        }
        List<RowType.RowField> fields = type.getFields();
        GenericRowData row = new GenericRowData(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField field = fields.get(i);
            String name =
                    path.isEmpty()
                            ? field.getName()
                            : path.substring(0, path.length() - 1) + "." + field.getName();
            row.setField(i, value(node.get(field.getName()), field.getType(), name));
        }
        return row;
    }

    private static Object value(JsonNode node, LogicalType type, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (!type.isNullable()) {
                throw new IllegalArgumentException(
                        "Field '" + field + "' is missing or null, but its column is NOT NULL.");
            }
            return null;
        }
        try {
            switch (type.getTypeRoot()) {
                case BOOLEAN:
                    expect(node.isBoolean(), node, field, "a boolean");
                    return node.booleanValue();
                case TINYINT:
                    return (byte) integral(node, field);
                case SMALLINT:
                    return (short) integral(node, field);
                case INTEGER:
                    return (int) integral(node, field);
                case BIGINT:
                    return integral(node, field);
                case FLOAT:
                    return (float) decimal(node, field).doubleValue();
                case DOUBLE:
                    return decimal(node, field).doubleValue();
                case DECIMAL:
                    DecimalType decimalType = (DecimalType) type;
                    DecimalData decimal =
                            DecimalData.fromBigDecimal(
                                    decimal(node, field),
                                    decimalType.getPrecision(),
                                    decimalType.getScale());
                    if (decimal == null) {
                        throw new IllegalArgumentException(
                                "Field '"
                                        + field
                                        + "' holds "
                                        + node
                                        + ", which does not fit "
                                        + type
                                        + ".");
                    }
                    return decimal;
                case CHAR:
                case VARCHAR:
                    return StringData.fromString(
                            node.isTextual() ? node.textValue() : node.toString());
                case BINARY:
                case VARBINARY:
                    expect(node.isTextual(), node, field, "a base64 string");
                    return Base64.getDecoder().decode(node.textValue());
                case DATE:
                    expect(node.isTextual(), node, field, "an ISO date");
                    return (int) LocalDate.parse(node.textValue()).toEpochDay();
                case TIME_WITHOUT_TIME_ZONE:
                    expect(node.isTextual(), node, field, "an ISO time");
                    return (int) (LocalTime.parse(node.textValue()).toNanoOfDay() / 1_000_000L);
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                    expect(node.isTextual(), node, field, "an ISO date-time");
                    return TimestampData.fromLocalDateTime(localDateTime(node.textValue()));
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    expect(node.isTextual(), node, field, "an ISO date-time");
                    return TimestampData.fromInstant(instant(node.textValue()));
                case ARRAY:
                    expect(node.isArray(), node, field, "an array");
                    LogicalType elementType = ((ArrayType) type).getElementType();
                    Object[] elements = new Object[node.size()];
                    for (int i = 0; i < elements.length; i++) {
                        elements[i] = value(node.get(i), elementType, field + "[" + i + "]");
                    }
                    return new GenericArrayData(elements);
                case MAP:
                    expect(node.isObject(), node, field, "an object");
                    LogicalType valueType = ((MapType) type).getValueType();
                    Map<Object, Object> map = new HashMap<>();
                    Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
                    while (entries.hasNext()) {
                        Map.Entry<String, JsonNode> entry = entries.next();
                        map.put(
                                StringData.fromString(entry.getKey()),
                                value(entry.getValue(), valueType, field + "." + entry.getKey()));
                    }
                    return new GenericMapData(map);
                case ROW:
                    return row(node, (RowType) type, field + ".");
                default:
                    throw new IllegalArgumentException(
                            "Column '"
                                    + field
                                    + "' has type "
                                    + type
                                    + ", which JSON cannot hold.");
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Field '" + field + "' holds " + node + ", which is not a valid " + type + ".",
                    e);
        }
    }

    private static void expect(boolean ok, JsonNode node, String field, String what) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "Field '" + field + "' holds " + node + " where " + what + " is expected.");
        }
    }

    private static long integral(JsonNode node, String field) {
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            return Long.parseLong(node.textValue().trim());
        }
        throw new IllegalArgumentException(
                "Field '" + field + "' holds " + node + " where an integer is expected.");
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            return new BigDecimal(node.textValue().trim());
        }
        throw new IllegalArgumentException(
                "Field '" + field + "' holds " + node + " where a number is expected.");
    }

    private static LocalDateTime localDateTime(String text) {
        return LocalDateTime.parse(text.trim().replace(' ', 'T'));
    }

    private static Instant instant(String text) {
        String iso = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            // No zone: the time is UTC.
            return LocalDateTime.parse(iso).toInstant(java.time.ZoneOffset.UTC);
        }
    }
}
