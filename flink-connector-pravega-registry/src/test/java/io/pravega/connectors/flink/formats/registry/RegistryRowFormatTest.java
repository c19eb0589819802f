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
package io.pravega.connectors.flink.formats.registry;

import io.pravega.schemaregistry.contract.data.SchemaInfo;
import io.pravega.schemaregistry.contract.data.SerializationFormat;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryRowFormatTest {

    private static final RowType READINGS =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.INT().notNull()),
                                    DataTypes.FIELD("name", DataTypes.STRING()),
                                    DataTypes.FIELD("temperature", DataTypes.DOUBLE()),
                                    DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())))
                            .notNull()
                            .getLogicalType();

    /** What the catalog shows for a table is what CREATE TABLE registered, in every format. */
    @ParameterizedTest
    @EnumSource(RegistryRowFormat.class)
    void theSchemaRegisteredForARowTypeDescribesThatRowType(RegistryRowFormat format) {
        SchemaInfo schema = format.schemaFor(READINGS, "my_scope.readings");

        assertThat(schema.getSerializationFormat()).isEqualTo(format.registryFormat());
        assertThat(schema.getType()).isEqualTo("my_scope.readings");
        assertThat(format.rowTypeOf(schema).copy(false)).isEqualTo(READINGS);
    }

    @Test
    void formatNamesParseCaseInsensitivelyAndUnknownOnesSayWhatIsSupported() {
        assertThat(RegistryRowFormat.parse("avro")).isEqualTo(RegistryRowFormat.AVRO);
        assertThat(RegistryRowFormat.parse(" JSON ")).isEqualTo(RegistryRowFormat.JSON);
        assertThat(RegistryRowFormat.parse("Protobuf")).isEqualTo(RegistryRowFormat.PROTOBUF);
        assertThatThrownBy(() -> RegistryRowFormat.parse("Thrift"))
                .hasMessageContaining("'Thrift'")
                .hasMessageContaining("'Avro', 'Json', 'Protobuf'");
        assertThatThrownBy(() -> RegistryRowFormat.of(SerializationFormat.Custom))
                .hasMessageContaining("cannot be written");
    }

    @Test
    void derivedTypeNamesAreIdentifiers() {
        assertThat(RegistryNames.typeName("my-scope", "sensor.readings-2"))
                .isEqualTo("my_scope.sensor_readings_2");
        assertThat(RegistryNames.typeName(null, "1st")).isEqualTo("_1st");
    }
}
