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
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufSchemasTest {

    /** Every supported type, nullable and NOT NULL, nested and in collections. */
    static RowType allTypes() {
        return (RowType)
                DataTypes.ROW(
                                DataTypes.FIELD("b", DataTypes.BOOLEAN()),
                                DataTypes.FIELD("b_nn", DataTypes.BOOLEAN().notNull()),
                                DataTypes.FIELD("ti", DataTypes.TINYINT()),
                                DataTypes.FIELD("si", DataTypes.SMALLINT().notNull()),
                                DataTypes.FIELD("i", DataTypes.INT()),
                                DataTypes.FIELD("i_nn", DataTypes.INT().notNull()),
                                DataTypes.FIELD("l", DataTypes.BIGINT()),
                                DataTypes.FIELD("l_nn", DataTypes.BIGINT().notNull()),
                                DataTypes.FIELD("f", DataTypes.FLOAT()),
                                DataTypes.FIELD("d", DataTypes.DOUBLE().notNull()),
                                DataTypes.FIELD("c", DataTypes.CHAR(3)),
                                DataTypes.FIELD("vc", DataTypes.VARCHAR(10).notNull()),
                                DataTypes.FIELD("s", DataTypes.STRING()),
                                DataTypes.FIELD("s_nn", DataTypes.STRING().notNull()),
                                DataTypes.FIELD("bin", DataTypes.BINARY(2)),
                                DataTypes.FIELD("vbin", DataTypes.VARBINARY(20)),
                                DataTypes.FIELD("by", DataTypes.BYTES()),
                                DataTypes.FIELD("dec", DataTypes.DECIMAL(10, 2)),
                                DataTypes.FIELD("dec_nn", DataTypes.DECIMAL(38, 0).notNull()),
                                DataTypes.FIELD("dt", DataTypes.DATE()),
                                DataTypes.FIELD("tm", DataTypes.TIME(3)),
                                DataTypes.FIELD("ts", DataTypes.TIMESTAMP(6)),
                                DataTypes.FIELD("ts3_nn", DataTypes.TIMESTAMP(3).notNull()),
                                DataTypes.FIELD("ltz", DataTypes.TIMESTAMP_LTZ(6)),
                                DataTypes.FIELD(
                                        "nested",
                                        DataTypes.ROW(
                                                DataTypes.FIELD("x", DataTypes.INT()),
                                                DataTypes.FIELD(
                                                        "inner",
                                                        DataTypes.ROW(
                                                                        DataTypes.FIELD(
                                                                                "y",
                                                                                DataTypes.STRING()
                                                                                        .notNull()))
                                                                .notNull()))),
                                DataTypes.FIELD(
                                        "arr",
                                        DataTypes.ARRAY(DataTypes.INT().notNull()).notNull()),
                                DataTypes.FIELD(
                                        "arr_nullable", DataTypes.ARRAY(DataTypes.STRING())),
                                DataTypes.FIELD(
                                        "arr_rows",
                                        DataTypes.ARRAY(
                                                DataTypes.ROW(
                                                        DataTypes.FIELD("k", DataTypes.STRING()),
                                                        DataTypes.FIELD(
                                                                "v", DataTypes.DECIMAL(5, 1))))),
                                DataTypes.FIELD("arr_ts", DataTypes.ARRAY(DataTypes.TIMESTAMP(3))),
                                DataTypes.FIELD(
                                        "m", DataTypes.MAP(DataTypes.STRING(), DataTypes.BIGINT())),
                                DataTypes.FIELD(
                                        "m_nn",
                                        DataTypes.MAP(
                                                        DataTypes.INT().notNull(),
                                                        DataTypes.DOUBLE().notNull())
                                                .notNull()),
                                DataTypes.FIELD(
                                        "m_rows",
                                        DataTypes.MAP(
                                                DataTypes.BOOLEAN(),
                                                DataTypes.ROW(
                                                        DataTypes.FIELD("z", DataTypes.DATE())))),
                                DataTypes.FIELD(
                                        "m_small",
                                        DataTypes.MAP(DataTypes.SMALLINT(), DataTypes.VARCHAR(4))))
                        .getLogicalType();
    }

    @Test
    void rowTypeRoundTripsExactly() {
        RowType type = allTypes();
        FileDescriptorSet set = ProtobufSchemas.fromRowType(type, "io.example.AllTypes");
        assertThat(ProtobufSchemas.toRowType(set, "io.example.AllTypes"))
                .isEqualTo(type.copy(false));
        // also survives serialization, as the registry stores the set as bytes
        FileDescriptorSet reparsed = parse(set);
        assertThat(ProtobufSchemas.toRowType(reparsed, "io.example.AllTypes"))
                .isEqualTo(type.copy(false));
    }

    @Test
    void messageWithoutPackage() {
        RowType type =
                (RowType) DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT())).getLogicalType();
        FileDescriptorSet set = ProtobufSchemas.fromRowType(type, "Plain");
        assertThat(set.getFile(0).getPackage()).isEmpty();
        assertThat(ProtobufSchemas.descriptor(set, "Plain").getFullName()).isEqualTo("Plain");
        assertThat(ProtobufSchemas.toRowType(set, "Plain")).isEqualTo(type.copy(false));
    }

    @Test
    void nullableScalarsAreProto3OptionalAndNaturalTypesRecordNothing() {
        FileDescriptorSet set = ProtobufSchemas.fromRowType(allTypes(), "io.example.AllTypes");
        FileDescriptorProto file = set.getFile(0);
        assertThat(file.getSyntax()).isEqualTo("proto3");
        assertThat(file.getPackage()).isEqualTo("io.example");
        Descriptor d = ProtobufSchemas.descriptor(set, "io.example.AllTypes");
        for (int i = 0; i < d.getFields().size(); i++) {
            assertThat(d.getFields().get(i).getNumber()).isEqualTo(i + 1);
        }
        FieldDescriptor i = d.findFieldByName("i");
        assertThat(i.hasOptionalKeyword()).isTrue();
        assertThat(i.hasPresence()).isTrue();
        assertThat(i.getContainingOneof().getName()).isEqualTo("_i");
        assertThat(i.getOptions().getUnknownFields().asMap()).isEmpty();
        FieldDescriptor iNn = d.findFieldByName("i_nn");
        assertThat(iNn.hasPresence()).isFalse();
        assertThat(iNn.getOptions().getUnknownFields().asMap()).isEmpty();
        FieldDescriptor dec = d.findFieldByName("dec");
        assertThat(dec.getType()).isEqualTo(FieldDescriptor.Type.STRING);
        assertThat(ProtobufSchemas.recordedType(dec))
                .isEqualTo(DataTypes.DECIMAL(10, 2).getLogicalType());
        assertThat(d.findFieldByName("ts").getType()).isEqualTo(FieldDescriptor.Type.INT64);
        assertThat(d.findFieldByName("dt").getType()).isEqualTo(FieldDescriptor.Type.INT32);
        assertThat(d.findFieldByName("m").isMapField()).isTrue();
        assertThat(d.findFieldByName("arr").isRepeated()).isTrue();
        assertThat(d.findFieldByName("nested").getMessageType().getFullName())
                .isEqualTo("io.example.AllTypes.NestedRow");
    }

    @Test
    void unsupportedTypesNameTheFieldAndListSupported() {
        assertUnsupported(DataTypes.MULTISET(DataTypes.INT()), "bad", "MULTISET");
        assertUnsupported(
                DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.INT())), "bad[]", "ARRAY<ARRAY<INT>>");
        assertUnsupported(
                DataTypes.MAP(DataTypes.DOUBLE(), DataTypes.INT()), "bad{key}", "MAP<DOUBLE, INT>");
        assertUnsupported(
                DataTypes.MAP(DataTypes.STRING(), DataTypes.ARRAY(DataTypes.INT())),
                "bad{value}",
                "MAP");
        assertUnsupported(
                DataTypes.TIMESTAMP_WITH_TIME_ZONE(3), "bad", "TIMESTAMP(3) WITH TIME ZONE");
        RowType nested =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD(
                                                "outer",
                                                DataTypes.ROW(
                                                        DataTypes.FIELD(
                                                                "inner",
                                                                DataTypes.INTERVAL(
                                                                        DataTypes.DAY())))))
                                .getLogicalType();
        assertThatThrownBy(() -> ProtobufSchemas.fromRowType(nested, "x.M"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'outer.inner'");
    }

    private static void assertUnsupported(
            org.apache.flink.table.types.DataType type, String path, String typeText) {
        RowType row =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("ok", DataTypes.INT()),
                                        DataTypes.FIELD("bad", type))
                                .getLogicalType();
        assertThatThrownBy(() -> ProtobufSchemas.fromRowType(row, "x.M"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Field '" + path + "'")
                .hasMessageContaining(typeText)
                .hasMessageContaining("Supported: BOOLEAN");
    }

    @Test
    void invalidNames() {
        RowType row =
                (RowType) DataTypes.ROW(DataTypes.FIELD("a-b", DataTypes.INT())).getLogicalType();
        assertThatThrownBy(() -> ProtobufSchemas.fromRowType(row, "x.M"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a-b'");
        RowType ok =
                (RowType) DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT())).getLogicalType();
        assertThatThrownBy(() -> ProtobufSchemas.fromRowType(ok, "x..M"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x..M");
    }

    @Test
    void missingMessageAndMissingImport() {
        FileDescriptorSet set =
                ProtobufSchemas.fromRowType(
                        (RowType)
                                DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT()))
                                        .getLogicalType(),
                        "x.M");
        assertThatThrownBy(() -> ProtobufSchemas.descriptor(set, "x.Other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x.Other'");
        FileDescriptorSet missingImport =
                FileDescriptorSet.newBuilder()
                        .addFile(set.getFile(0).toBuilder().addDependency("other/dep.proto"))
                        .build();
        assertThatThrownBy(() -> ProtobufSchemas.descriptor(missingImport, "x.M"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other/dep.proto");
    }

    // ---- a schema written by another application (as protoc would emit it) --------------------

    static final String FOREIGN = "shop.v1.Order";

    /**
     * shop/v1/common.proto: {@code package shop.v1; enum Status {UNKNOWN=0; PAID=1;} message Money
     * {string currency=1; sint64 units=2;}}. shop/v1/order.proto (proto3, no optional): {@code
     * message Order { string id=1; uint32 qty=2; uint64 big=3; fixed32 f32=4; sfixed64 sf64=5;
     * Status status=6; Money price=7; repeated Line lines=8; map<string,int32> tags=9; bytes
     * blob=10; google.protobuf.Timestamp created=11; oneof choice {string a=12; int64 b=13;} float
     * ratio=14; message Line {string sku=1; repeated double weights=2;} }}.
     */
    static FileDescriptorSet foreignSet() {
        FileDescriptorProto common =
                FileDescriptorProto.newBuilder()
                        .setName("shop/v1/common.proto")
                        .setPackage("shop.v1")
                        .setSyntax("proto3")
                        .addEnumType(
                                EnumDescriptorProto.newBuilder()
                                        .setName("Status")
                                        .addValue(
                                                EnumValueDescriptorProto.newBuilder()
                                                        .setName("UNKNOWN")
                                                        .setNumber(0))
                                        .addValue(
                                                EnumValueDescriptorProto.newBuilder()
                                                        .setName("PAID")
                                                        .setNumber(1)))
                        .addMessageType(
                                DescriptorProto.newBuilder()
                                        .setName("Money")
                                        .addField(field("currency", 1, Type.TYPE_STRING))
                                        .addField(field("units", 2, Type.TYPE_SINT64)))
                        .build();
        DescriptorProto line =
                DescriptorProto.newBuilder()
                        .setName("Line")
                        .addField(field("sku", 1, Type.TYPE_STRING))
                        .addField(
                                field("weights", 2, Type.TYPE_DOUBLE)
                                        .setLabel(Label.LABEL_REPEATED))
                        .build();
        DescriptorProto tagsEntry =
                DescriptorProto.newBuilder()
                        .setName("TagsEntry")
                        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                        .addField(field("key", 1, Type.TYPE_STRING))
                        .addField(field("value", 2, Type.TYPE_INT32))
                        .build();
        FileDescriptorProto order =
                FileDescriptorProto.newBuilder()
                        .setName("shop/v1/order.proto")
                        .setPackage("shop.v1")
                        .setSyntax("proto3")
                        .addDependency("shop/v1/common.proto")
                        .addDependency("google/protobuf/timestamp.proto")
                        .addMessageType(
                                DescriptorProto.newBuilder()
                                        .setName("Order")
                                        .addField(field("id", 1, Type.TYPE_STRING))
                                        .addField(field("qty", 2, Type.TYPE_UINT32))
                                        .addField(field("big", 3, Type.TYPE_UINT64))
                                        .addField(field("f32", 4, Type.TYPE_FIXED32))
                                        .addField(field("sf64", 5, Type.TYPE_SFIXED64))
                                        .addField(
                                                field("status", 6, Type.TYPE_ENUM)
                                                        .setTypeName(".shop.v1.Status"))
                                        .addField(
                                                field("price", 7, Type.TYPE_MESSAGE)
                                                        .setTypeName(".shop.v1.Money"))
                                        .addField(
                                                field("lines", 8, Type.TYPE_MESSAGE)
                                                        .setLabel(Label.LABEL_REPEATED)
                                                        .setTypeName(".shop.v1.Order.Line"))
                                        .addField(
                                                field("tags", 9, Type.TYPE_MESSAGE)
                                                        .setLabel(Label.LABEL_REPEATED)
                                                        .setTypeName(".shop.v1.Order.TagsEntry"))
                                        .addField(field("blob", 10, Type.TYPE_BYTES))
                                        .addField(
                                                field("created", 11, Type.TYPE_MESSAGE)
                                                        .setTypeName(".google.protobuf.Timestamp"))
                                        .addField(field("a", 12, Type.TYPE_STRING).setOneofIndex(0))
                                        .addField(field("b", 13, Type.TYPE_INT64).setOneofIndex(0))
                                        .addField(field("ratio", 14, Type.TYPE_FLOAT))
                                        .addOneofDecl(
                                                OneofDescriptorProto.newBuilder().setName("choice"))
                                        .addNestedType(line)
                                        .addNestedType(tagsEntry))
                        .build();
        // importing file first: the order in the set must not matter
        return FileDescriptorSet.newBuilder().addFile(order).addFile(common).build();
    }

    static FieldDescriptorProto.Builder field(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(Label.LABEL_OPTIONAL);
    }

    static RowType foreignRowType() {
        return (RowType)
                DataTypes.ROW(
                                DataTypes.FIELD("id", DataTypes.STRING().notNull()),
                                DataTypes.FIELD("qty", DataTypes.BIGINT().notNull()),
                                DataTypes.FIELD("big", DataTypes.DECIMAL(20, 0).notNull()),
                                DataTypes.FIELD("f32", DataTypes.BIGINT().notNull()),
                                DataTypes.FIELD("sf64", DataTypes.BIGINT().notNull()),
                                DataTypes.FIELD("status", DataTypes.STRING().notNull()),
                                DataTypes.FIELD(
                                        "price",
                                        DataTypes.ROW(
                                                DataTypes.FIELD(
                                                        "currency", DataTypes.STRING().notNull()),
                                                DataTypes.FIELD(
                                                        "units", DataTypes.BIGINT().notNull()))),
                                DataTypes.FIELD(
                                        "lines",
                                        DataTypes.ARRAY(
                                                        DataTypes.ROW(
                                                                        DataTypes.FIELD(
                                                                                "sku",
                                                                                DataTypes.STRING()
                                                                                        .notNull()),
                                                                        DataTypes.FIELD(
                                                                                "weights",
                                                                                DataTypes.ARRAY(
                                                                                                DataTypes
                                                                                                        .DOUBLE()
                                                                                                        .notNull())
                                                                                        .notNull()))
                                                                .notNull())
                                                .notNull()),
                                DataTypes.FIELD(
                                        "tags",
                                        DataTypes.MAP(
                                                        DataTypes.STRING().notNull(),
                                                        DataTypes.INT().notNull())
                                                .notNull()),
                                DataTypes.FIELD("blob", DataTypes.BYTES().notNull()),
                                DataTypes.FIELD(
                                        "created",
                                        DataTypes.ROW(
                                                DataTypes.FIELD(
                                                        "seconds", DataTypes.BIGINT().notNull()),
                                                DataTypes.FIELD(
                                                        "nanos", DataTypes.INT().notNull()))),
                                DataTypes.FIELD("a", DataTypes.STRING()),
                                DataTypes.FIELD("b", DataTypes.BIGINT()),
                                DataTypes.FIELD("ratio", DataTypes.FLOAT().notNull()))
                        .notNull()
                        .getLogicalType();
    }

    @Test
    void foreignProto3SchemaIsReadAsTable() {
        assertThat(ProtobufSchemas.toRowType(foreignSet(), FOREIGN)).isEqualTo(foreignRowType());
        assertThat(ProtobufSchemas.toRowType(foreignSet(), "shop.v1.Order.Line").getFieldNames())
                .containsExactly("sku", "weights");
    }

    @Test
    void proto2OptionalIsNullableAndRequiredIsNotNull() {
        FileDescriptorSet set =
                FileDescriptorSet.newBuilder()
                        .addFile(
                                FileDescriptorProto.newBuilder()
                                        .setName("p2.proto")
                                        .setSyntax("proto2")
                                        .addMessageType(
                                                DescriptorProto.newBuilder()
                                                        .setName("P2")
                                                        .addField(field("opt", 1, Type.TYPE_INT32))
                                                        .addField(
                                                                field("req", 2, Type.TYPE_STRING)
                                                                        .setLabel(
                                                                                Label
                                                                                        .LABEL_REQUIRED))))
                        .build();
        LogicalType expected =
                DataTypes.ROW(
                                DataTypes.FIELD("opt", DataTypes.INT()),
                                DataTypes.FIELD("req", DataTypes.STRING().notNull()))
                        .notNull()
                        .getLogicalType();
        assertThat(ProtobufSchemas.toRowType(set, "P2")).isEqualTo(expected);
    }

    @Test
    void recursiveMessageIsRejectedNamingTheField() {
        FileDescriptorSet set =
                FileDescriptorSet.newBuilder()
                        .addFile(
                                FileDescriptorProto.newBuilder()
                                        .setName("tree.proto")
                                        .setPackage("t")
                                        .setSyntax("proto3")
                                        .addMessageType(
                                                DescriptorProto.newBuilder()
                                                        .setName("Node")
                                                        .addField(
                                                                field("name", 1, Type.TYPE_STRING))
                                                        .addField(
                                                                field(
                                                                                "children",
                                                                                2,
                                                                                Type.TYPE_MESSAGE)
                                                                        .setLabel(
                                                                                Label
                                                                                        .LABEL_REPEATED)
                                                                        .setTypeName(".t.Node"))))
                        .build();
        assertThatThrownBy(() -> ProtobufSchemas.toRowType(set, "t.Node"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'children[]'")
                .hasMessageContaining("recursive");
    }

    static FileDescriptorSet parse(FileDescriptorSet set) {
        try {
            return FileDescriptorSet.parseFrom(set.toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
