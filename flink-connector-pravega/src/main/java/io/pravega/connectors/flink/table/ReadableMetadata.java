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
package io.pravega.connectors.flink.table;

import io.pravega.client.stream.EventPointer;
import io.pravega.connectors.flink.serialization.PravegaEventMetadata;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The metadata columns a Pravega table can read: {@code METADATA FROM 'key'}. */
@Internal
enum ReadableMetadata {

    /**
     * Resolves to the event with {@code EventStreamReader#fetchEvent(EventPointer.fromBytes(...))}.
     */
    EVENT_POINTER(
            "event_pointer",
            DataTypes.BYTES().notNull(),
            metadata -> bytes(metadata.getEventPointer())),
    STREAM(
            "stream",
            DataTypes.STRING().notNull(),
            metadata -> StringData.fromString(metadata.getStream().getScopedName())),
    SEGMENT_ID("segment_id", DataTypes.BIGINT().notNull(), PravegaEventMetadata::getSegmentId),
    OFFSET("offset", DataTypes.BIGINT().notNull(), PravegaEventMetadata::getOffset);

    final String key;
    final DataType dataType;
    final Function<PravegaEventMetadata, Object> converter;

    ReadableMetadata(
            String key, DataType dataType, Function<PravegaEventMetadata, Object> converter) {
        this.key = key;
        this.dataType = dataType;
        this.converter = converter;
    }

    static ReadableMetadata of(String key) {
        return Arrays.stream(values())
                .filter(metadata -> metadata.key.equals(key))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "Unknown metadata key '"
                                                + key
                                                + "'. A Pravega table "
                                                + "reads "
                                                + Arrays.stream(values())
                                                        .map(m -> m.key)
                                                        .collect(Collectors.joining(", "))
                                                + "."));
    }

    private static byte[] bytes(EventPointer pointer) {
        ByteBuffer buffer = pointer.toBytes();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
