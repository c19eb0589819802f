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

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BINARY;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.MULTISET;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroRowConverterTest {

    private static StringData str(String s) {
        return StringData.fromString(s);
    }

    /** A row of {@link AvroSchemasTest#allTypes()} with a value in every field. */
    private static GenericRowData fullRow() {
        Map<Object, Object> m = new HashMap<>();
        m.put(str("one"), 1.5);
        m.put(str("none"), null);
        Map<Object, Object> mnn = new HashMap<>();
        mnn.put(str("k"), GenericRowData.of(new byte[] {7, 8}));
        mnn.put(str("null row"), null);
        return GenericRowData.of(
                true,
                false,
                (byte) -7,
                (short) 1234,
                42,
                Long.MAX_VALUE,
                1.25f,
                -2.5e100,
                str("abcde"),
                str("varchar ü"),
                str("not null"),
                new byte[] {1, 2, 3, 4},
                new byte[] {9, 8},
                new byte[0],
                DecimalData.fromBigDecimal(new BigDecimal("-12345678.91"), 10, 2),
                DecimalData.fromBigDecimal(
                        new BigDecimal("12345678901234567890123456789012345678"), 38, 0),
                19_000,
                3_600_000,
                45_296_789,
                TimestampData.fromEpochMillis(1_700_000_000_000L),
                TimestampData.fromEpochMillis(-1_234L),
                TimestampData.fromEpochMillis(1_700_000_000_123L, 450_000),
                TimestampData.fromEpochMillis(-1_700_000_000_123L, 456_000),
                TimestampData.fromEpochMillis(1_700_000_000_100L),
                TimestampData.fromEpochMillis(1_700_000_000_123L),
                TimestampData.fromEpochMillis(1_700_000_000_123L, 999_000),
                new GenericArrayData(new Object[] {1, null, 3}),
                new GenericArrayData(new Object[] {str("x"), str("y")}),
                new GenericMapData(m),
                new GenericMapData(mnn),
                GenericRowData.of(5, GenericRowData.of(str("deep"))));
    }

    private static GenericRecord binaryRoundTrip(GenericRecord record, Schema writer, Schema reader)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    @Test
    void everyTypeSurvivesRowToBinaryToRow() throws IOException {
        RowType type = AvroSchemasTest.allTypes();
        Schema schema = AvroSchemas.fromRowType(type, "io.example.Everything");
        AvroRowConverter converter = new AvroRowConverter(type);
        GenericRowData row = fullRow();

        GenericRecord record = converter.toRecord(row, schema);
        assertThat(GenericData.get().validate(schema, record)).isTrue();
        GenericRecord read = binaryRoundTrip(record, schema, schema);
        assertThat(read.get("s")).isInstanceOf(Utf8.class);
        assertThat(read.get("bin")).isInstanceOf(GenericData.Fixed.class);
        assertThat(read.get("by")).isInstanceOf(ByteBuffer.class);

        assertThat(converter.toRow(read)).isEqualTo(row);
        assertThat(converter.toRow(record)).isEqualTo(row);
    }

    @Test
    void nullsSurviveRowToBinaryToRow() throws IOException {
        RowType type = AvroSchemasTest.allTypes();
        Schema schema = AvroSchemas.fromRowType(type, "Everything");
        AvroRowConverter converter = new AvroRowConverter(type);
        GenericRowData row = new GenericRowData(type.getFieldCount());
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (!type.getTypeAt(i).isNullable()) {
                row.setField(i, fullRow().getField(i));
            }
        }
        GenericRecord read = binaryRoundTrip(converter.toRecord(row, schema), schema, schema);
        assertThat(converter.toRow(read)).isEqualTo(row);
    }

    private static final Schema REORDERED =
            new Schema.Parser()
                    .parse(
                            "{\"type\":\"record\",\"name\":\"Person\",\"fields\":["
                                    + "{\"name\":\"score\",\"type\":[\"null\",\"double\"],\"default\":null},"
                                    + "{\"name\":\"extra\",\"type\":\"string\",\"default\":\"x\"},"
                                    + "{\"name\":\"name\",\"type\":[\"string\",\"null\"]},"
                                    + "{\"name\":\"id\",\"type\":\"int\"}]}");

    private static final RowType PERSON =
            (RowType)
                    ROW(
                                    FIELD("id", INT().notNull()),
                                    FIELD("name", STRING()),
                                    FIELD("score", DOUBLE()))
                            .getLogicalType();

    @Test
    void readsAndWritesByNameWithAnotherFieldOrderAndAnExtraField() throws IOException {
        AvroRowConverter converter = new AvroRowConverter(PERSON);
        GenericData.Record record = new GenericData.Record(REORDERED);
        record.put("score", 9.5);
        record.put("extra", "ignored");
        record.put("name", "Ann"); // a String, not a Utf8
        record.put("id", 7);
        GenericRowData expected = GenericRowData.of(7, str("Ann"), 9.5);
        assertThat(converter.toRow(record)).isEqualTo(expected);
        assertThat(converter.toRow(binaryRoundTrip(record, REORDERED, REORDERED)))
                .isEqualTo(expected);

        GenericRecord written = converter.toRecord(GenericRowData.of(8, null, 1.0), REORDERED);
        assertThat(written.get("id")).isEqualTo(8);
        assertThat(written.get("name")).isNull();
        assertThat(written.get("score")).isEqualTo(1.0);
        assertThat(written.get("extra").toString()).isEqualTo("x");
        assertThat(converter.toRow(binaryRoundTrip(written, REORDERED, REORDERED)))
                .isEqualTo(GenericRowData.of(8, null, 1.0));

        // A record written with the old schema, read with the new one by Avro, then by name.
        Schema newer =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Person\",\"fields\":["
                                        + "{\"name\":\"id\",\"type\":\"long\"},"
                                        + "{\"name\":\"name\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        AvroRowConverter bigIds =
                new AvroRowConverter(
                        (RowType)
                                ROW(
                                                FIELD("id", BIGINT().notNull()),
                                                FIELD("name", STRING()),
                                                FIELD("score", DOUBLE()))
                                        .getLogicalType());
        assertThat(bigIds.toRow(binaryRoundTrip(record, REORDERED, newer)))
                .isEqualTo(GenericRowData.of(7L, str("Ann"), null));
    }

    @Test
    void writerFieldsMissingFromTheRowType() {
        Schema schema =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Person\",\"fields\":["
                                        + "{\"name\":\"id\",\"type\":\"int\"},"
                                        + "{\"name\":\"optional\",\"type\":[\"long\",\"null\"]},"
                                        + "{\"name\":\"required_field\",\"type\":\"long\"}]}");
        AvroRowConverter converter = new AvroRowConverter(PERSON);
        assertThatThrownBy(() -> converter.toRecord(GenericRowData.of(1, null, null), schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'required_field'");

        Schema withoutRequired =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Person\",\"fields\":["
                                        + "{\"name\":\"id\",\"type\":\"int\"},"
                                        + "{\"name\":\"optional\",\"type\":[\"long\",\"null\"]}]}");
        GenericRecord record =
                converter.toRecord(GenericRowData.of(1, str("ignored"), null), withoutRequired);
        assertThat(record.get("id")).isEqualTo(1);
        assertThat(record.get("optional")).isNull();
    }

    @Test
    void missingNotNullFieldIsNamed() {
        Schema noId =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Person\",\"fields\":["
                                        + "{\"name\":\"name\",\"type\":\"string\"}]}");
        GenericData.Record record = new GenericData.Record(noId);
        record.put("name", "Bo");
        AvroRowConverter converter = new AvroRowConverter(PERSON);
        assertThatThrownBy(() -> converter.toRow(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id'");

        Schema nullableId =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Person\",\"fields\":["
                                        + "{\"name\":\"id\",\"type\":[\"null\",\"int\"]}]}");
        GenericData.Record nullId = new GenericData.Record(nullableId);
        assertThatThrownBy(() -> converter.toRow(nullId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> converter.toRecord(GenericRowData.of(null, null, null), REORDERED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id'");
    }

    @Test
    void unsupportedTypeIsNamed() {
        RowType type =
                (RowType)
                        ROW(FIELD("id", INT()), FIELD("bag", MULTISET(STRING()))).getLogicalType();
        assertThatThrownBy(() -> new AvroRowConverter(type))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bag'")
                .hasMessageContaining("MULTISET");
    }

    @Test
    void readsOtherAvroRepresentations() {
        Schema schema =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Other\",\"fields\":["
                                        + "{\"name\":\"color\",\"type\":{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\",\"GREEN\"]}},"
                                        + "{\"name\":\"id\",\"type\":{\"type\":\"fixed\",\"name\":\"Id\",\"size\":2}},"
                                        + "{\"name\":\"list\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
                                        + "{\"name\":\"map\",\"type\":{\"type\":\"map\",\"values\":\"int\"}},"
                                        + "{\"name\":\"raw\",\"type\":\"bytes\"}]}");
        RowType type = AvroSchemas.toRowType(schema);
        AvroRowConverter converter = new AvroRowConverter(type);
        GenericData.Record record = new GenericData.Record(schema);
        record.put("color", new GenericData.EnumSymbol(schema.getField("color").schema(), "GREEN"));
        record.put("id", new GenericData.Fixed(schema.getField("id").schema(), new byte[] {1, 2}));
        List<Object> list = new ArrayList<>();
        list.add("a");
        list.add(new Utf8("b"));
        record.put("list", list);
        Map<Object, Object> map = new HashMap<>();
        map.put(new Utf8("k"), 3);
        record.put("map", map);
        ByteBuffer buffer = ByteBuffer.wrap("xxhi".getBytes(StandardCharsets.UTF_8));
        buffer.position(2);
        record.put("raw", buffer);

        Map<Object, Object> expectedMap = new HashMap<>();
        expectedMap.put(str("k"), 3);
        RowData row = converter.toRow(record);
        assertThat(row)
                .isEqualTo(
                        GenericRowData.of(
                                str("GREEN"),
                                new byte[] {1, 2},
                                new GenericArrayData(new Object[] {str("a"), str("b")}),
                                new GenericMapData(expectedMap),
                                "hi".getBytes(StandardCharsets.UTF_8)));

        GenericRecord back = converter.toRecord(row, schema);
        assertThat(back.get("color")).isEqualTo(record.get("color"));
        assertThat(GenericData.get().validate(schema, back)).isTrue();
        assertThatThrownBy(
                        () ->
                                converter.toRecord(
                                        GenericRowData.of(
                                                str("BLUE"),
                                                new byte[] {1, 2},
                                                new GenericArrayData(new Object[0]),
                                                new GenericMapData(new HashMap<>()),
                                                new byte[0]),
                                        schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'color'");
    }

    @Test
    void nestedFieldErrorsNameThePath() {
        RowType type =
                (RowType)
                        ROW(
                                        FIELD("outer", ROW(FIELD("codes", ARRAY(BINARY(2))))),
                                        FIELD("m", MAP(STRING(), INT())))
                                .getLogicalType();
        Schema schema = AvroSchemas.fromRowType(type, "N");
        AvroRowConverter converter = new AvroRowConverter(type);
        GenericRowData row =
                GenericRowData.of(
                        GenericRowData.of(
                                new GenericArrayData(new Object[] {new byte[] {1, 2, 3}})),
                        null);
        assertThatThrownBy(() -> converter.toRecord(row, schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'outer.codes.<element>'");
    }

    @Test
    void wrongJavaValueIsNamed() {
        GenericData.Record record = new GenericData.Record(REORDERED);
        record.put("id", "not an int");
        AvroRowConverter converter = new AvroRowConverter(PERSON);
        assertThatThrownBy(() -> converter.toRow(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id'");
    }

    @Test
    void isSerializableAfterUse() throws Exception {
        AvroRowConverter converter = new AvroRowConverter(PERSON);
        GenericRowData row = GenericRowData.of(1, str("Cy"), 2.0);
        converter.toRow(converter.toRecord(row, REORDERED));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(converter);
        }
        AvroRowConverter copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (AvroRowConverter) in.readObject();
        }
        assertThat(copy.toRow(copy.toRecord(row, REORDERED))).isEqualTo(row);
    }
}
