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
package io.pravega.connectors.flink.serialization;

import io.pravega.client.stream.Serializer;
import io.pravega.client.stream.impl.JavaSerializer;
import io.pravega.client.stream.impl.UTF8StringSerializer;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaSerializationSchemaTest {

    @Test
    void utf8StringsRoundTrip() throws IOException {
        PravegaSerializationSchema<String> out =
                new PravegaSerializationSchema<>(new UTF8StringSerializer());
        PravegaDeserializationSchema<String> in =
                new PravegaDeserializationSchema<>(String.class, new UTF8StringSerializer());
        for (String value : List.of("", "hello", "grüße, 世界")) {
            byte[] bytes = out.serialize(value);
            assertThat(bytes).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
            assertThat(in.deserialize(bytes)).isEqualTo(value);
        }
        assertThat(in.getProducedType()).isEqualTo(Types.STRING);
        assertThat(in.isEndOfStream("anything")).isFalse();
    }

    @Test
    void javaSerializedObjectsRoundTripWithGenericTypeInformation() throws IOException {
        TypeInformation<ArrayList<Integer>> type =
                TypeInformation.of(new TypeHint<ArrayList<Integer>>() {});
        PravegaSerializationSchema<ArrayList<Integer>> out =
                new PravegaSerializationSchema<>(new JavaSerializer<>());
        PravegaDeserializationSchema<ArrayList<Integer>> in =
                new PravegaDeserializationSchema<>(type, new JavaSerializer<>());

        ArrayList<Integer> value = new ArrayList<>(List.of(1, 2, 3));
        assertThat(in.deserialize(out.serialize(value))).isEqualTo(value);
        assertThat(in.getProducedType()).isEqualTo(type);
    }

    @Test
    void serializeCopiesOnlyTheRemainingBytesOfASlicedBuffer() {
        PravegaSerializationSchema<String> schema =
                new PravegaSerializationSchema<>(new SlicingSerializer());
        assertThat(schema.serialize("abc")).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deserializeFromBufferAndFailureNamesTheSerializer() throws IOException {
        PravegaDeserializationSchema<String> in =
                new PravegaDeserializationSchema<>(String.class, new SlicingSerializer());
        assertThat(in.deserialize(ByteBuffer.wrap("xyz".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("xyz");
        assertThatThrownBy(() -> in.deserialize(new byte[] {(byte) 0xff}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(SlicingSerializer.class.getName())
                .hasMessageContaining("1 bytes");
    }

    @Test
    void schemasSurviveJavaSerialization() throws Exception {
        PravegaDeserializationSchema<String> in =
                InstantiationUtil.clone(
                        new PravegaDeserializationSchema<>(
                                String.class, new UTF8StringSerializer()));
        PravegaSerializationSchema<String> out =
                InstantiationUtil.clone(
                        new PravegaSerializationSchema<>(new UTF8StringSerializer()));
        assertThat(in.deserialize(out.serialize("shipped"))).isEqualTo("shipped");
    }

    @Test
    void nonSerializableSerializerIsRejectedWithAReason() {
        Serializer<String> notSerializable =
                new Serializer<>() {
                    @Override
                    public ByteBuffer serialize(String value) {
                        return ByteBuffer.allocate(0);
                    }

                    @Override
                    public String deserialize(ByteBuffer serializedValue) {
                        return "";
                    }
                };
        assertThatThrownBy(() -> new PravegaSerializationSchema<>(notSerializable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not implement java.io.Serializable");
        assertThatThrownBy(() -> new PravegaDeserializationSchema<>(String.class, notSerializable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TaskManagers");
        assertThatThrownBy(() -> new PravegaSerializationSchema<String>(null))
                .hasMessageContaining("must not be null");
        assertThatThrownBy(
                        () ->
                                new PravegaDeserializationSchema<>(
                                        (Class<String>) null, new UTF8StringSerializer()))
                .hasMessageContaining("type class must not be null");
    }

    /** Returns a slice of a larger array, and fails on bytes that are not UTF-8 letters. */
    private static final class SlicingSerializer implements Serializer<String>, Serializable {
        @Override
        public ByteBuffer serialize(String value) {
            byte[] bytes = ("##" + value + "##").getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.wrap(bytes, 2, bytes.length - 4).slice();
        }

        @Override
        public String deserialize(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            for (byte b : bytes) {
                if (b < 0) {
                    throw new IllegalStateException("not ASCII");
                }
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }
}
