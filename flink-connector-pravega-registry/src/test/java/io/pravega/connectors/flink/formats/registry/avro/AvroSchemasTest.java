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

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BINARY;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.CHAR;
import static org.apache.flink.table.api.DataTypes.DATE;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.MULTISET;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.SMALLINT;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIME;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.apache.flink.table.api.DataTypes.TINYINT;
import static org.apache.flink.table.api.DataTypes.VARBINARY;
import static org.apache.flink.table.api.DataTypes.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroSchemasTest {

    /** A row type with every supported type, nullable and NOT NULL, nested and in collections. */
    static RowType allTypes() {
        return (RowType)
                ROW(
                                FIELD("b", BOOLEAN()),
                                FIELD("b_nn", BOOLEAN().notNull()),
                                FIELD("ti", TINYINT()),
                                FIELD("si", SMALLINT().notNull()),
                                FIELD("i", INT()),
                                FIELD("bi", BIGINT().notNull()),
                                FIELD("f", FLOAT()),
                                FIELD("d", DOUBLE()),
                                FIELD("c", CHAR(5)),
                                FIELD("vc", VARCHAR(10)),
                                FIELD("s", STRING().notNull(), "a described field"),
                                FIELD("bin", BINARY(4)),
                                FIELD("vb", VARBINARY(8)),
                                FIELD("by", BYTES()),
                                FIELD("dec", DECIMAL(10, 2)),
                                FIELD("dec0", DECIMAL(38, 0).notNull()),
                                FIELD("dt", DATE()),
                                FIELD("t0", TIME(0)),
                                FIELD("t3", TIME(3)),
                                FIELD("ts0", TIMESTAMP(0)),
                                FIELD("ts3", TIMESTAMP(3)),
                                FIELD("ts5", TIMESTAMP(5)),
                                FIELD("ts6", TIMESTAMP(6)),
                                FIELD("ltz1", TIMESTAMP_LTZ(1)),
                                FIELD("ltz3", TIMESTAMP_LTZ(3)),
                                FIELD("ltz6", TIMESTAMP_LTZ(6).notNull()),
                                FIELD("arr", ARRAY(INT())),
                                FIELD("arr_nn", ARRAY(STRING().notNull()).notNull()),
                                FIELD("m", MAP(STRING(), DOUBLE())),
                                FIELD("m_nn", MAP(STRING().notNull(), ROW(FIELD("x", BINARY(2))))),
                                FIELD(
                                        "nested",
                                        ROW(
                                                FIELD("a", INT().notNull()),
                                                FIELD("inner", ROW(FIELD("z", STRING()))))))
                        .getLogicalType();
    }

    @Test
    void schemaRoundTripKeepsEveryType() {
        RowType type = allTypes();
        Schema schema = AvroSchemas.fromRowType(type, "io.example.Everything");
        assertThat(AvroSchemas.toRowType(schema)).isEqualTo(type);
        // The properties that keep exact types survive the schema's JSON form.
        Schema parsed = new Schema.Parser().parse(schema.toString());
        assertThat(AvroSchemas.toRowType(parsed)).isEqualTo(type);
    }

    @Test
    void schemaHasTheDocumentedShape() {
        Schema schema = AvroSchemas.fromRowType(allTypes(), "io.example.Everything");
        assertThat(schema.getNamespace()).isEqualTo("io.example");
        assertThat(schema.getName()).isEqualTo("Everything");

        Schema.Field nullable = schema.getField("i");
        assertThat(nullable.schema().getType()).isEqualTo(Schema.Type.UNION);
        assertThat(nullable.schema().getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        assertThat(nullable.schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.INT);
        assertThat(nullable.hasDefaultValue()).isTrue();
        assertThat(nullable.defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);

        Schema.Field notNull = schema.getField("bi");
        assertThat(notNull.schema().getType()).isEqualTo(Schema.Type.LONG);
        assertThat(notNull.hasDefaultValue()).isFalse();
        assertThat(schema.getField("s").doc()).isEqualTo("a described field");

        assertThat(branch(schema, "dec").getLogicalType()).isEqualTo(LogicalTypes.decimal(10, 2));
        assertThat(branch(schema, "bin").getType()).isEqualTo(Schema.Type.FIXED);
        assertThat(branch(schema, "bin").getFixedSize()).isEqualTo(4);
        assertThat(branch(schema, "ts3").getLogicalType().getName())
                .isEqualTo("local-timestamp-millis");
        assertThat(branch(schema, "ts6").getLogicalType().getName())
                .isEqualTo("local-timestamp-micros");
        assertThat(branch(schema, "ltz3").getLogicalType().getName()).isEqualTo("timestamp-millis");
        assertThat(schema.getField("ltz6").schema().getLogicalType().getName())
                .isEqualTo("timestamp-micros");
        assertThat(branch(schema, "nested").getFullName())
                .isEqualTo("io.example.Everything_nested");
        assertThat(
                        branch(schema, "nested")
                                .getField("inner")
                                .schema()
                                .getTypes()
                                .get(1)
                                .getFullName())
                .isEqualTo("io.example.Everything_nested_inner");
    }

    @Test
    void toRowTypeReadsForeignSchemas() {
        Schema schema =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Foreign\",\"fields\":["
                                        + "{\"name\":\"color\",\"type\":{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\",\"GREEN\"]}},"
                                        + "{\"name\":\"id\",\"type\":{\"type\":\"fixed\",\"name\":\"Id\",\"size\":16}},"
                                        + "{\"name\":\"label\",\"type\":[\"string\",\"null\"]},"
                                        + "{\"name\":\"at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
                                        + "{\"name\":\"at_us\",\"type\":[\"null\",{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}]},"
                                        + "{\"name\":\"local\",\"type\":{\"type\":\"long\",\"logicalType\":\"local-timestamp-millis\"}},"
                                        + "{\"name\":\"tod\",\"type\":{\"type\":\"long\",\"logicalType\":\"time-micros\"}},"
                                        + "{\"name\":\"amount\",\"type\":{\"type\":\"fixed\",\"name\":\"Amount\",\"size\":8,\"logicalType\":\"decimal\",\"precision\":18,\"scale\":4}},"
                                        + "{\"name\":\"count\",\"type\":\"long\",\"doc\":\"how many\"},"
                                        + "{\"name\":\"tags\",\"type\":{\"type\":\"map\",\"values\":{\"type\":\"array\",\"items\":\"string\"}}}"
                                        + "]}");
        RowType expected =
                new RowType(
                        List.of(
                                new RowType.RowField(
                                        "color", new VarCharType(false, VarCharType.MAX_LENGTH)),
                                new RowType.RowField("id", new BinaryType(false, 16)),
                                new RowType.RowField(
                                        "label", new VarCharType(true, VarCharType.MAX_LENGTH)),
                                new RowType.RowField("at", new LocalZonedTimestampType(false, 3)),
                                new RowType.RowField("at_us", new LocalZonedTimestampType(true, 6)),
                                new RowType.RowField("local", new TimestampType(false, 3)),
                                new RowType.RowField("tod", new TimeType(false, 3)),
                                new RowType.RowField("amount", new DecimalType(false, 18, 4)),
                                new RowType.RowField("count", new BigIntType(false), "how many"),
                                new RowType.RowField(
                                        "tags",
                                        new MapType(
                                                false,
                                                new VarCharType(VarCharType.MAX_LENGTH),
                                                new ArrayType(
                                                        false,
                                                        new VarCharType(
                                                                false, VarCharType.MAX_LENGTH))))));
        assertThat(AvroSchemas.toRowType(schema)).isEqualTo(expected);
    }

    @Test
    void toRowTypeRejectsOtherUnionsNamingTheField() {
        Schema schema =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                                        + "{\"name\":\"ok\",\"type\":\"int\"},"
                                        + "{\"name\":\"either\",\"type\":[\"null\",\"int\",\"string\"]}]}");
        assertThatThrownBy(() -> AvroSchemas.toRowType(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'either'");
        assertThatThrownBy(() -> AvroSchemas.toRowType(Schema.create(Schema.Type.INT)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toRowTypeIgnoresPropertiesThatDoNotFit() {
        Schema schema =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                                        + "{\"name\":\"n\",\"type\":{\"type\":\"long\",\"flink.type\":\"TINYINT\"}},"
                                        + "{\"name\":\"s\",\"type\":{\"type\":\"string\",\"flink.type\":\"VARCHAR(x)\"}}]}");
        assertThat(AvroSchemas.toRowType(schema))
                .isEqualTo(
                        new RowType(
                                List.of(
                                        new RowType.RowField("n", new BigIntType(false)),
                                        new RowType.RowField(
                                                "s",
                                                new VarCharType(false, VarCharType.MAX_LENGTH)))));
    }

    @Test
    void unsupportedTypesAreRejectedNamingFieldAndType() {
        assertUnsupported(MULTISET(INT()).getLogicalType(), "MULTISET");
        assertUnsupported(DataTypes.INTERVAL(DataTypes.DAY()).getLogicalType(), "INTERVAL");
        assertUnsupported(TIME(6).getLogicalType(), "TIME(6)");
        assertUnsupported(TIMESTAMP(9).getLogicalType(), "TIMESTAMP(9)");
        assertUnsupported(MAP(INT(), STRING()).getLogicalType(), "MAP<INT, STRING>");
    }

    private static void assertUnsupported(LogicalType bad, String typeText) {
        RowType type =
                RowType.of(
                        new LogicalType[] {new IntType(), bad}, new String[] {"fine", "bad_field"});
        assertThatThrownBy(() -> AvroSchemas.fromRowType(type, "R"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad_field'")
                .hasMessageContaining(typeText)
                .hasMessageContaining("supported are");
        RowType nested = RowType.of(new LogicalType[] {new ArrayType(bad)}, new String[] {"outer"});
        assertThatThrownBy(() -> AvroSchemas.fromRowType(nested, "R"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'outer.<element>'");
    }

    @Test
    void invalidNamesAreRejected() {
        RowType type = RowType.of(new LogicalType[] {new IntType()}, new String[] {"my field"});
        assertThatThrownBy(() -> AvroSchemas.fromRowType(type, "R"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'my field'");
        RowType ok = RowType.of(new LogicalType[] {new IntType()}, new String[] {"f"});
        assertThatThrownBy(() -> AvroSchemas.fromRowType(ok, "bad-name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad-name");
    }

    private static Schema branch(Schema record, String field) {
        return AvroSchemas.nonNullBranch(record.getField(field).schema(), field);
    }
}
