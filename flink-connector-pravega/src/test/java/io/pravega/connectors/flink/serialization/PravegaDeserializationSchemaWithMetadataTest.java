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

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.EventPointer;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.EventPointerImpl;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaDeserializationSchemaWithMetadataTest {

    /** Prefixes each event with where it came from. */
    private static final class WithOrigin extends PravegaDeserializationSchemaWithMetadata<String> {
        @Override
        public String deserialize(byte[] message, PravegaEventMetadata metadata) {
            return metadata.getStream().getScopedName()
                    + "@"
                    + metadata.getSegmentId()
                    + ":"
                    + metadata.getOffset()
                    + "="
                    + new String(message, StandardCharsets.UTF_8);
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    @Test
    void receivesTheEventMetadata() throws Exception {
        PravegaEventMetadata metadata =
                new PravegaEventMetadata(Stream.of("scope", "stream"), null, 3, 128);
        assertThat(new WithOrigin().deserialize("e".getBytes(StandardCharsets.UTF_8), metadata))
                .isEqualTo("scope/stream@3:128=e");
        assertThat(metadata.getEventPointer()).isNull();
        assertThat(metadata.toString()).contains("scope/stream");
    }

    @Test
    void plainDeserializeExplainsThatMetadataIsNeeded() {
        assertThatThrownBy(() -> new WithOrigin().deserialize(new byte[0]))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("needs event metadata");
    }

    @Test
    void theCollectorVariantEmitsTheOneRecordByDefault() throws Exception {
        PravegaEventMetadata metadata =
                new PravegaEventMetadata(Stream.of("scope", "stream"), null, 0, 7);
        List<String> out = new ArrayList<>();
        new WithOrigin()
                .deserialize(
                        "e".getBytes(StandardCharsets.UTF_8),
                        metadata,
                        new org.apache.flink.util.Collector<>() {
                            @Override
                            public void collect(String record) {
                                out.add(record);
                            }

                            @Override
                            public void close() {}
                        });
        assertThat(out).containsExactly("scope/stream@0:7=e");
    }

    @Test
    void aPointersSegmentAndOffsetAreRead() {
        long segmentId = new Segment("scope", "stream", 5L | (2L << 32)).getSegmentId();
        EventPointer pointer =
                EventPointerImpl.fromString(
                        Segment.fromScopedName("scope/stream/5.#epoch.2").getScopedName()
                                + ":4096-42");
        PravegaEventMetadata metadata = PravegaEventMetadata.of(pointer);
        assertThat(metadata.getStream()).isEqualTo(Stream.of("scope", "stream"));
        assertThat(metadata.getSegmentId()).isEqualTo(segmentId);
        assertThat(metadata.getOffset()).isEqualTo(4096);
        assertThat(metadata.getEventPointer()).isEqualTo(pointer);
    }
}
