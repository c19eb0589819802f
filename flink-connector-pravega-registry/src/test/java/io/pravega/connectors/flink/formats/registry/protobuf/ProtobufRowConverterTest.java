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

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufRowConverterTest {

    private static final String NAME = "io.example.AllTypes";

    private static StringData str(String s) {
        return StringData.fromString(s);
    }

    private static DecimalData dec(String s, int p, int scale) {
        return DecimalData.fromBigDecimal(new BigDecimal(s), p, scale);
    }

    private static GenericArrayData array(Object... elements) {
        return new GenericArrayData(elements);
    }

    private static GenericMapData map(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new GenericMapData(map);
    }

    /** Values for {@link ProtobufSchemasTest#allTypes()}, in field order. */
    private static GenericRowData fullRow() {
        return GenericRowData.of(
                true,
                false,
                (byte) -7,
                (short) 300,
                -42,
                0,
                Long.MIN_VALUE,
                123456789012L,
                1.5f,
                -2.25d,
                str("abc"),
                str("héllo"),
                str("any string"),
                str(""),
                new byte[] {1, 2},
                new byte[] {},
                new byte[] {(byte) 0xff, 0, 7},
                dec("-12345678.91", 10, 2),
                dec("99999999999999999999999999999999999999", 38, 0),
                (int) LocalDate.of(2024, 2, 29).toEpochDay(),
                (12 * 3600 + 34 * 60 + 56) * 1000 + 789,
                TimestampData.fromLocalDateTime(
                        LocalDateTime.of(1969, 12, 31, 23, 59, 59, 123_456_000)),
                TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6_000_000)),
                TimestampData.fromInstant(Instant.parse("2030-05-06T07:08:09.654321Z")),
                GenericRowData.of(5, GenericRowData.of(str("deep"))),
                array(1, 2, 3),
                array(str("x"), str("y")),
                array(
                        GenericRowData.of(str("k1"), dec("1.5", 5, 1)),
                        GenericRowData.of(null, null)),
                array(TimestampData.fromEpochMillis(1_000L)),
                map(str("a"), 1L, str("b"), -2L),
                map(1, 1.0d, -1, -1.0d),
                map(true, GenericRowData.of(18_000), false, GenericRowData.of((Object) null)),
                map((short) 7, str("seven")));
    }

    /** All nullable fields null; NOT NULL fields set; null ARRAY/MAP come back empty. */
    private static GenericRowData[] nullRowAndExpected() {
        GenericRowData written = fullRow();
        GenericRowData expected = fullRow();
        RowType type = ProtobufSchemasTest.allTypes();
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (type.getTypeAt(i).isNullable()) {
                written.setField(i, null);
                switch (type.getTypeAt(i).getTypeRoot()) {
                    case ARRAY:
                        expected.setField(i, array());
                        break;
                    case MAP:
                        expected.setField(i, map());
                        break;
                    default:
                        expected.setField(i, null);
                }
            }
        }
        // NOT NULL inner row of a set nested row, with a NOT NULL field
        written.setField(24, GenericRowData.of(null, GenericRowData.of(str(""))));
        expected.setField(24, GenericRowData.of(null, GenericRowData.of(str(""))));
        return new GenericRowData[] {written, expected};
    }

    private static RowData roundTrip(ProtobufRowConverter converter, RowData row, Descriptor d)
            throws Exception {
        DynamicMessage message = converter.toMessage(row, d);
        byte[] bytes = message.toByteArray();
        return converter.toRow(DynamicMessage.parseFrom(d, bytes));
    }

    @Test
    void everySupportedTypeRoundTrips() throws Exception {
        RowType type = ProtobufSchemasTest.allTypes();
        Descriptor d = ProtobufSchemas.descriptor(ProtobufSchemas.fromRowType(type, NAME), NAME);
        ProtobufRowConverter converter = new ProtobufRowConverter(type);
        assertThat(roundTrip(converter, fullRow(), d)).isEqualTo(fullRow());
    }

    @Test
    void nullsRoundTripAndAreDistinctFromDefaults() throws Exception {
        RowType type = ProtobufSchemasTest.allTypes();
        Descriptor d = ProtobufSchemas.descriptor(ProtobufSchemas.fromRowType(type, NAME), NAME);
        ProtobufRowConverter converter = new ProtobufRowConverter(type);
        GenericRowData[] rows = nullRowAndExpected();
        assertThat(roundTrip(converter, rows[0], d)).isEqualTo(rows[1]);

        // 0 / "" / false in a nullable field are not null
        GenericRowData zeros = fullRow();
        zeros.setField(0, false);
        zeros.setField(4, 0);
        zeros.setField(12, str(""));
        RowData back = roundTrip(converter, zeros, d);
        assertThat(back.isNullAt(0)).isFalse();
        assertThat(back.getBoolean(0)).isFalse();
        assertThat(back.isNullAt(4)).isFalse();
        assertThat(back.getInt(4)).isZero();
        assertThat(back.getString(12).toString()).isEmpty();
    }

    @Test
    void converterIsSerializable() throws Exception {
        RowType type = ProtobufSchemasTest.allTypes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(new ProtobufRowConverter(type));
        }
        ProtobufRowConverter copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            copy = (ProtobufRowConverter) in.readObject();
        }
        Descriptor d = ProtobufSchemas.descriptor(ProtobufSchemas.fromRowType(type, NAME), NAME);
        assertThat(roundTrip(copy, fullRow(), d)).isEqualTo(fullRow());
    }

    @Test
    void foreignMessageIsReadByName() throws Exception {
        FileDescriptorSet set = ProtobufSchemasTest.foreignSet();
        Descriptor order = ProtobufSchemas.descriptor(set, ProtobufSchemasTest.FOREIGN);
        Descriptor money = order.findFieldByName("price").getMessageType();
        Descriptor line = order.findFieldByName("lines").getMessageType();
        Descriptor tags = order.findFieldByName("tags").getMessageType();
        DynamicMessage message =
                DynamicMessage.newBuilder(order)
                        .setField(order.findFieldByName("id"), "o-1")
                        .setField(order.findFieldByName("qty"), -1) // uint32 0xFFFFFFFF
                        .setField(order.findFieldByName("big"), -1L) // uint64 2^64-1
                        .setField(order.findFieldByName("sf64"), -5L)
                        .setField(
                                order.findFieldByName("status"),
                                order.findFieldByName("status")
                                        .getEnumType()
                                        .findValueByName("PAID"))
                        .setField(
                                order.findFieldByName("price"),
                                DynamicMessage.newBuilder(money)
                                        .setField(money.findFieldByName("currency"), "EUR")
                                        .setField(money.findFieldByName("units"), 12L)
                                        .build())
                        .addRepeatedField(
                                order.findFieldByName("lines"),
                                DynamicMessage.newBuilder(line)
                                        .setField(line.findFieldByName("sku"), "s1")
                                        .addRepeatedField(line.findFieldByName("weights"), 0.5d)
                                        .build())
                        .addRepeatedField(
                                order.findFieldByName("tags"),
                                DynamicMessage.newBuilder(tags)
                                        .setField(tags.findFieldByName("key"), "t")
                                        .setField(tags.findFieldByName("value"), 3)
                                        .build())
                        .setField(order.findFieldByName("b"), 77L)
                        .build();
        DynamicMessage parsed = DynamicMessage.parseFrom(order, message.toByteArray());
        RowType type = ProtobufSchemas.toRowType(set, ProtobufSchemasTest.FOREIGN);
        RowData row = new ProtobufRowConverter(type).toRow(parsed);
        GenericRowData expected =
                GenericRowData.of(
                        str("o-1"),
                        4_294_967_295L,
                        dec("18446744073709551615", 20, 0),
                        0L, // unset proto3 scalar: its default
                        -5L,
                        str("PAID"),
                        GenericRowData.of(str("EUR"), 12L),
                        array(GenericRowData.of(str("s1"), array(0.5d))),
                        map(str("t"), 3),
                        new byte[0],
                        null, // unset message
                        null, // other oneof member
                        77L,
                        0.0f);
        assertThat(row).isEqualTo(expected);

        // and written back against the foreign descriptor, by name
        DynamicMessage written = new ProtobufRowConverter(type).toMessage(row, order);
        assertThat(DynamicMessage.parseFrom(order, written.toByteArray())).isEqualTo(parsed);
    }

    @Test
    void writesByNameAgainstAWriterSchemaInAnotherOrder() throws Exception {
        Descriptor order =
                ProtobufSchemas.descriptor(
                        ProtobufSchemasTest.foreignSet(), ProtobufSchemasTest.FOREIGN);
        RowType type =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("status", DataTypes.STRING()),
                                        DataTypes.FIELD("qty", DataTypes.INT()),
                                        DataTypes.FIELD("id", DataTypes.VARCHAR(5)),
                                        DataTypes.FIELD("missing_but_null", DataTypes.INT()))
                                .getLogicalType();
        ProtobufRowConverter converter = new ProtobufRowConverter(type);
        DynamicMessage m =
                converter.toMessage(GenericRowData.of(str("PAID"), 9, str("x"), null), order);
        assertThat(m.getField(order.findFieldByName("id"))).isEqualTo("x");
        assertThat(m.getField(order.findFieldByName("qty"))).isEqualTo(9);
        assertThat(m.getField(order.findFieldByName("status")).toString()).isEqualTo("PAID");
        assertThat(converter.toRow(m)).isEqualTo(GenericRowData.of(str("PAID"), 9, str("x"), null));

        assertThatThrownBy(
                        () ->
                                converter.toMessage(
                                        GenericRowData.of(str("NOPE"), 1, str("x"), null), order))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'status'")
                .hasMessageContaining("NOPE");
        assertThatThrownBy(
                        () -> converter.toMessage(GenericRowData.of(null, -1, null, null), order))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'qty'");
        assertThatThrownBy(() -> converter.toMessage(GenericRowData.of(null, null, null, 1), order))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'missing_but_null'")
                .hasMessageContaining("shop.v1.Order");
    }

    @Test
    void errorsNameTheField() {
        RowType type = ProtobufSchemasTest.allTypes();
        Descriptor d = ProtobufSchemas.descriptor(ProtobufSchemas.fromRowType(type, NAME), NAME);
        ProtobufRowConverter converter = new ProtobufRowConverter(type);

        GenericRowData nullElement = fullRow();
        nullElement.setField(26, array(str("x"), null));
        assertThatThrownBy(() -> converter.toMessage(nullElement, d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'arr_nullable'")
                .hasMessageContaining("index 1");

        GenericRowData nullMapValue = fullRow();
        nullMapValue.setField(29, map(str("a"), null));
        assertThatThrownBy(() -> converter.toMessage(nullMapValue, d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'m'");

        // reading with a NOT NULL column the message does not have
        RowType wider =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("i", DataTypes.INT()),
                                        DataTypes.FIELD("absent", DataTypes.INT()),
                                        DataTypes.FIELD("absent_nn", DataTypes.INT().notNull()))
                                .getLogicalType();
        DynamicMessage message = converter.toMessage(fullRow(), d);
        assertThatThrownBy(() -> new ProtobufRowConverter(wider).toRow(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'absent_nn'")
                .hasMessageContaining(NAME);
        RowType nullableOnly =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("i", DataTypes.INT()),
                                        DataTypes.FIELD("absent", DataTypes.INT()))
                                .getLogicalType();
        assertThat(new ProtobufRowConverter(nullableOnly).toRow(message))
                .isEqualTo(GenericRowData.of(-42, null));

        // type mismatch, nested
        RowType mismatched =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD(
                                                "nested",
                                                DataTypes.ROW(
                                                        DataTypes.FIELD("x", DataTypes.BOOLEAN()))))
                                .getLogicalType();
        assertThatThrownBy(() -> new ProtobufRowConverter(mismatched).toRow(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nested.x'")
                .hasMessageContaining("BOOLEAN");

        // value out of range for a narrower column
        RowType narrow =
                (RowType) DataTypes.ROW(DataTypes.FIELD("l", DataTypes.INT())).getLogicalType();
        assertThatThrownBy(() -> new ProtobufRowConverter(narrow).toRow(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'l'");
    }
}
