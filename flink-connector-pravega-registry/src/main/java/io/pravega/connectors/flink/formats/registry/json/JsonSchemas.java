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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink row types as JSON Schema documents (draft-07), as the registry's JSON format stores them,
 * and back. JSON Schema has one integer and one number type, so a derived schema records the exact
 * Flink type in the keyword {@value #FLINK_TYPE} where JSON alone cannot tell it; schemas written
 * by other applications map by their JSON types and string formats.
 */
@Internal
public final class JsonSchemas {

    /** The keyword that holds a property's exact Flink type; JSON Schema ignores unknown ones. */
    public static final String FLINK_TYPE = "x-flink-type";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SIZED =
            Pattern.compile("([A-Z_]+)(?:\\((\\d+)(?:,\\s*(\\d+))?\\))?");

    private JsonSchemas() {}

    /** A JSON Schema document for objects of {@code rowType}, titled {@code title}. */
    public static String fromRowType(RowType rowType, String title) {
        ObjectNode schema = MAPPER.createObjectNode();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("title", title);
        objectSchema(schema, rowType, "");
        try {
            return MAPPER.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void objectSchema(ObjectNode schema, RowType rowType, String path) {
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = MAPPER.createArrayNode();
        for (RowType.RowField field : rowType.getFields()) {
            String name = path + field.getName();
            properties.set(field.getName(), property(field.getType(), name));
            if (!field.getType().isNullable()) {
                required.add(field.getName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", true);
    }

    private static ObjectNode property(LogicalType type, String field) {
        ObjectNode schema = MAPPER.createObjectNode();
        String jsonType;
        String flinkType = null;
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                jsonType = "boolean";
                break;
            case TINYINT:
            case SMALLINT:
            case INTEGER:
                jsonType = "integer";
                flinkType = base(type);
                break;
            case BIGINT:
                jsonType = "integer";
                break;
            case FLOAT:
                jsonType = "number";
                flinkType = "FLOAT";
                break;
            case DOUBLE:
                jsonType = "number";
                break;
            case DECIMAL:
                jsonType = "number";
                DecimalType decimal = (DecimalType) type;
                flinkType = "DECIMAL(" + decimal.getPrecision() + ", " + decimal.getScale() + ")";
                break;
            case CHAR:
            case VARCHAR:
                jsonType = "string";
                if (!(type instanceof VarCharType
                        && ((VarCharType) type).getLength() == VarCharType.MAX_LENGTH)) {
                    flinkType = base(type);
                }
                break;
            case BINARY:
            case VARBINARY:
                jsonType = "string";
                schema.put("contentEncoding", "base64");
                flinkType = base(type);
                break;
            case DATE:
                jsonType = "string";
                schema.put("format", "date");
                break;
            case TIME_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                // No 'format': JSON Schema's 'time' and 'date-time' require a zone offset, and
                // these types have none.
                jsonType = "string";
                flinkType = base(type);
                break;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                jsonType = "string";
                schema.put("format", "date-time");
                flinkType =
                        "TIMESTAMP_LTZ(" + ((LocalZonedTimestampType) type).getPrecision() + ")";
                break;
            case ARRAY:
                jsonType = "array";
                schema.set("items", property(((ArrayType) type).getElementType(), field + "[]"));
                break;
            case MAP:
                MapType map = (MapType) type;
                if (!(map.getKeyType() instanceof VarCharType
                        || map.getKeyType() instanceof CharType)) {
                    throw unsupported(field, type);
                }
                jsonType = "object";
                flinkType = "MAP";
                schema.set("additionalProperties", property(map.getValueType(), field + "{}"));
                break;
            case ROW:
                objectSchema(schema, (RowType) type, field + ".");
                jsonType = "object";
                break;
            default:
                throw unsupported(field, type);
        }
        if (type.isNullable()) {
            schema.set("type", MAPPER.createArrayNode().add(jsonType).add("null"));
        } else {
            schema.put("type", jsonType);
        }
        if (flinkType != null) {
            schema.put(FLINK_TYPE, flinkType);
        }
        return schema;
    }

    /** The type's SQL name without NOT NULL, e.g. 'VARCHAR(10)', 'TIMESTAMP(3)'. */
    private static String base(LogicalType type) {
        return type.copy(true).asSerializableString();
    }

    private static IllegalArgumentException unsupported(String field, LogicalType type) {
        return new IllegalArgumentException(
                "Column '"
                        + field
                        + "' has type "
                        + type
                        + ", which the 'pravega-registry' format cannot write as JSON. Supported: "
                        + "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, CHAR, VARCHAR, "
                        + "BINARY, VARBINARY, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, ARRAY, MAP with string "
                        + "keys, ROW.");
    }

    /** The row type of objects that {@code jsonSchema} describes. */
    public static RowType toRowType(String jsonSchema) {
        JsonNode schema;
        try {
            schema = MAPPER.readTree(jsonSchema);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "The JSON schema is not valid JSON: " + e.getMessage(), e);
        }
        LogicalType type = type(schema, "", false);
        if (!(type instanceof RowType)) {
            throw new IllegalArgumentException(
                    "The JSON schema describes " + type + ", not an object with properties.");
        }
        return (RowType) type.copy(false);
    }

    private static LogicalType type(JsonNode schema, String field, boolean required) {
        Set<String> types = new HashSet<>();
        JsonNode typeNode = schema.get("type");
        if (typeNode == null) {
            throw new IllegalArgumentException(
                    "Property '"
                            + field
                            + "' of the JSON schema has no 'type' (oneOf, anyOf and $ref are not supported).");
        }
        if (typeNode.isArray()) {
            typeNode.forEach(t -> types.add(t.asText()));
        } else {
            types.add(typeNode.asText());
        }
        boolean nullable = types.remove("null") || !required;
        if (types.size() != 1) {
            throw new IllegalArgumentException(
                    "Property '"
                            + field
                            + "' of the JSON schema has types "
                            + types
                            + "; one type (and 'null') is supported.");
        }
        String jsonType = types.iterator().next();
        JsonNode flink = schema.get(FLINK_TYPE);
        LogicalType type;
        if (flink != null && !"MAP".equals(flink.asText())) {
            type = named(flink.asText(), field);
        } else {
            switch (jsonType) {
                case "boolean":
                    type = new BooleanType();
                    break;
                case "integer":
                    type = new BigIntType();
                    break;
                case "number":
                    type = new DoubleType();
                    break;
                case "string":
                    String format = schema.path("format").asText("");
                    type =
                            format.equals("date")
                                    ? new DateType()
                                    : format.equals("time")
                                            ? new TimeType(3)
                                            : format.equals("date-time")
                                                    ? new LocalZonedTimestampType(3)
                                                    : VarCharType.STRING_TYPE;
                    break;
                case "array":
                    JsonNode items = schema.get("items");
                    if (items == null || !items.isObject()) {
                        throw new IllegalArgumentException(
                                "Array property '"
                                        + field
                                        + "' of the JSON schema has no 'items' schema.");
                    }
                    type = new ArrayType(type(items, field + "[]", false));
                    break;
                case "object":
                    type = objectType(schema, field);
                    break;
                default:
                    throw new IllegalArgumentException(
                            "Property '"
                                    + field
                                    + "' of the JSON schema has unknown type '"
                                    + jsonType
                                    + "'.");
            }
        }
        return type.copy(nullable);
    }

    private static LogicalType objectType(JsonNode schema, String field) {
        JsonNode properties = schema.get("properties");
        if (properties == null || !properties.isObject() || properties.size() == 0) {
            JsonNode values = schema.get("additionalProperties");
            if (values != null && values.isObject()) {
                return new MapType(VarCharType.STRING_TYPE, type(values, field + "{}", false));
            }
            throw new IllegalArgumentException(
                    "Object property '"
                            + field
                            + "' of the JSON schema has neither 'properties' nor an "
                            + "'additionalProperties' schema.");
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<RowType.RowField> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> property = it.next();
            // Draft 3 (Jackson's schema generator) marks required properties inside the property.
            boolean isRequired =
                    required.contains(property.getKey())
                            || property.getValue().path("required").asBoolean(false);
            String name = field.isEmpty() ? property.getKey() : field + "." + property.getKey();
            fields.add(
                    new RowType.RowField(
                            property.getKey(), type(property.getValue(), name, isRequired)));
        }
        return new RowType(fields);
    }

    private static LogicalType named(String name, String field) {
        Matcher m = SIZED.matcher(name.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "Property '" + field + "' has an unknown " + FLINK_TYPE + " '" + name + "'.");
        }
        int a = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        int b = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        switch (m.group(1)) {
            case "TINYINT":
                return new TinyIntType();
            case "SMALLINT":
                return new SmallIntType();
            case "INT":
                return new IntType();
            case "FLOAT":
                return new FloatType();
            case "DECIMAL":
                return new DecimalType(a, b);
            case "CHAR":
                return new CharType(a);
            case "VARCHAR":
                return new VarCharType(a);
            case "BINARY":
                return new BinaryType(a);
            case "VARBINARY":
                return new VarBinaryType(a);
            case "BYTES":
                return new VarBinaryType(VarBinaryType.MAX_LENGTH);
            case "TIME":
                return new TimeType(a < 0 ? 0 : a);
            case "TIMESTAMP":
                return new TimestampType(a < 0 ? 6 : a);
            case "TIMESTAMP_LTZ":
                return new LocalZonedTimestampType(a < 0 ? 6 : a);
            default:
                throw new IllegalArgumentException(
                        "Property '"
                                + field
                                + "' has an unknown "
                                + FLINK_TYPE
                                + " '"
                                + name
                                + "'.");
        }
    }
}
