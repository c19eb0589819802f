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

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemasTest {

    @Test
    void theRowTypeSurvivesTheRoundTripThroughItsSchema() {
        RowType type = JsonRowConverterTest.TYPE;
        assertThat(JsonSchemas.toRowType(JsonSchemas.fromRowType(type, "io.example.Typed")))
                .isEqualTo(type);
    }

    @Test
    void readsAPlainSchemaWrittenByAnotherApplication() {
        String schema =
                "{\"type\": \"object\", \"required\": [\"id\"], \"properties\": {"
                        + "\"id\": {\"type\": \"integer\"},"
                        + "\"name\": {\"type\": \"string\"},"
                        + "\"temperature\": {\"type\": \"number\", \"required\": true},"
                        + "\"at\": {\"type\": [\"string\", \"null\"], \"format\": \"date-time\"},"
                        + "\"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
                        + "\"attrs\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"boolean\"}},"
                        + "\"origin\": {\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"integer\"}}}}}";
        RowType expected =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                                        DataTypes.FIELD("name", DataTypes.STRING()),
                                        DataTypes.FIELD(
                                                "temperature", DataTypes.DOUBLE().notNull()),
                                        DataTypes.FIELD("at", DataTypes.TIMESTAMP_LTZ(3)),
                                        DataTypes.FIELD(
                                                "tags", DataTypes.ARRAY(DataTypes.STRING())),
                                        DataTypes.FIELD(
                                                "attrs",
                                                DataTypes.MAP(
                                                        DataTypes.STRING(), DataTypes.BOOLEAN())),
                                        DataTypes.FIELD(
                                                "origin",
                                                DataTypes.ROW(
                                                        DataTypes.FIELD("x", DataTypes.BIGINT()))))
                                .notNull()
                                .getLogicalType();
        assertThat(JsonSchemas.toRowType(schema)).isEqualTo(expected);
    }

    @Test
    void unsupportedTypesAndSchemasAreRefusedNamingTheField() {
        RowType multiset =
                (RowType)
                        DataTypes.ROW(DataTypes.FIELD("bag", DataTypes.MULTISET(DataTypes.INT())))
                                .getLogicalType();
        assertThatThrownBy(() -> JsonSchemas.fromRowType(multiset, "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bag'")
                .hasMessageContaining("Supported");
        assertThatThrownBy(
                        () ->
                                JsonSchemas.toRowType(
                                        "{\"type\": \"object\", \"properties\": {\"v\": {\"oneOf\": []}}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'v'");
    }
}
