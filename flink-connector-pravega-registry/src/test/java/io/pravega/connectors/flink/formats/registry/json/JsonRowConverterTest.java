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
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRowConverterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final RowType TYPE =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.INT().notNull()),
                                    DataTypes.FIELD("flag", DataTypes.BOOLEAN()),
                                    DataTypes.FIELD("tiny", DataTypes.TINYINT()),
                                    DataTypes.FIELD("small", DataTypes.SMALLINT()),
                                    DataTypes.FIELD("big", DataTypes.BIGINT()),
                                    DataTypes.FIELD("ratio", DataTypes.FLOAT()),
                                    DataTypes.FIELD("score", DataTypes.DOUBLE()),
                                    DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)),
                                    DataTypes.FIELD("label", DataTypes.STRING()),
                                    DataTypes.FIELD("code", DataTypes.VARCHAR(8)),
                                    DataTypes.FIELD("raw", DataTypes.BYTES()),
                                    DataTypes.FIELD("day", DataTypes.DATE()),
                                    DataTypes.FIELD("clock", DataTypes.TIME(3)),
                                    DataTypes.FIELD("at", DataTypes.TIMESTAMP(3)),
                                    DataTypes.FIELD("instant", DataTypes.TIMESTAMP_LTZ(3)),
                                    DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())),
                                    DataTypes.FIELD(
                                            "attrs",
                                            DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())),
                                    DataTypes.FIELD(
                                            "origin",
                                            DataTypes.ROW(
                                                    DataTypes.FIELD("x", DataTypes.INT()),
                                                    DataTypes.FIELD("y", DataTypes.STRING()))))
                            .notNull()
                            .getLogicalType();

    static GenericRowData full() {
        return GenericRowData.of(
                7,
                true,
                (byte) 1,
                (short) 2,
                3L,
                1.5f,
                2.25,
                DecimalData.fromBigDecimal(new BigDecimal("12.34"), 10, 2),
                StringData.fromString("one"),
                StringData.fromString("c"),
                new byte[] {1, 2, 3},
                (int) LocalDate.of(2026, 12, 4).toEpochDay(),
                (int) (LocalTime.of(10, 11, 12, 345_000_000).toNanoOfDay() / 1_000_000),
                TimestampData.fromLocalDateTime(
                        LocalDateTime.of(2026, 12, 4, 10, 11, 12, 345_000_000)),
                TimestampData.fromInstant(Instant.parse("2026-12-04T10:11:12.345Z")),
                new GenericArrayData(new Object[] {StringData.fromString("a"), null}),
                new GenericMapData(Map.of(StringData.fromString("k"), 7)),
                GenericRowData.of(3, StringData.fromString("three")));
    }

    private static RowData roundTrip(RowData row) throws Exception {
        JsonRowConverter converter = new JsonRowConverter(TYPE);
        String text = MAPPER.writeValueAsString(converter.toJson(row));
        return converter.toRow(MAPPER.readTree(text));
    }

    @Test
    void everySupportedTypeSurvivesTheRoundTripThroughJsonText() throws Exception {
        GenericRowData row = full();
        RowData back = roundTrip(row);
        for (int i = 0; i < TYPE.getFieldCount(); i++) {
            Object expected = RowData.createFieldGetter(TYPE.getTypeAt(i), i).getFieldOrNull(row);
            Object actual = RowData.createFieldGetter(TYPE.getTypeAt(i), i).getFieldOrNull(back);
            if (expected instanceof byte[]) {
                assertThat((byte[]) actual).containsExactly((byte[]) expected);
            } else if (expected instanceof GenericArrayData) {
                assertThat(((GenericArrayData) actual).toObjectArray())
                        .containsExactly(((GenericArrayData) expected).toObjectArray());
            } else if (expected instanceof GenericMapData) {
                assertThat(actual.toString()).isEqualTo(expected.toString());
            } else {
                assertThat(actual).as(TYPE.getFieldNames().get(i)).isEqualTo(expected);
            }
        }
    }

    @Test
    void nullsAreWrittenAsJsonNullAndReadBack() throws Exception {
        GenericRowData row = new GenericRowData(TYPE.getFieldCount());
        row.setField(0, 1);
        RowData back = roundTrip(row);
        assertThat(back.getInt(0)).isEqualTo(1);
        for (int i = 1; i < TYPE.getFieldCount(); i++) {
            assertThat(back.isNullAt(i)).as(TYPE.getFieldNames().get(i)).isTrue();
        }
    }

    @Test
    void whatItWritesIsValidUnderTheSchemaItDerives() {
        Schema schema =
                SchemaLoader.load(
                        new JSONObject(JsonSchemas.fromRowType(TYPE, "io.example.Typed")));
        JSONObject written = new JSONObject(new JsonRowConverter(TYPE).toJson(full()).toString());
        try {
            schema.validate(written);
        } catch (ValidationException e) {
            throw new AssertionError(e.getAllMessages().toString(), e);
        }
        JSONObject wrong = new JSONObject(written.toString()).put("id", "seven");
        assertThatThrownBy(() -> schema.validate(wrong)).isInstanceOf(ValidationException.class);
    }

    @Test
    void readsByNameAndIgnoresUnknownFieldsAndAcceptsLenientValues() throws Exception {
        JsonNode node =
                MAPPER.readTree(
                        "{\"extra\": 1, \"id\": \"42\", \"amount\": \"1.50\", "
                                + "\"at\": \"2026-12-04 10:11:12.345\", \"instant\": \"2026-12-04T11:11:12.345+01:00\"}");
        RowData row = new JsonRowConverter(TYPE).toRow(node);
        assertThat(row.getInt(0)).isEqualTo(42);
        assertThat(row.getDecimal(7, 10, 2).toBigDecimal()).isEqualByComparingTo("1.50");
        assertThat(row.getTimestamp(13, 3).toLocalDateTime())
                .isEqualTo(LocalDateTime.of(2026, 12, 4, 10, 11, 12, 345_000_000));
        assertThat(row.getTimestamp(14, 3).toInstant())
                .isEqualTo(Instant.parse("2026-12-04T10:11:12.345Z"));
        assertThat(row.isNullAt(1)).isTrue();
    }

    @Test
    void errorsNameTheField() throws Exception {
        JsonRowConverter converter = new JsonRowConverter(TYPE);
        assertThatThrownBy(() -> converter.toRow(MAPPER.readTree("{\"flag\": true}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id'")
                .hasMessageContaining("NOT NULL");
        assertThatThrownBy(() -> converter.toRow(MAPPER.readTree("{\"id\": 1, \"flag\": \"yes\"}")))
                .hasMessageContaining("'flag'")
                .hasMessageContaining("a boolean");
        assertThatThrownBy(
                        () ->
                                converter.toRow(
                                        MAPPER.readTree(
                                                "{\"id\": 1, \"origin\": {\"x\": \"no\"}}")))
                .hasMessageContaining("'origin.x'");
        assertThatThrownBy(() -> converter.toRow(MAPPER.readTree("[1]")))
                .hasMessageContaining("not an object");
    }
}
