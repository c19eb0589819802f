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
package io.pravega.connectors.flink.source.split;

import io.pravega.shared.NameUtils;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaSplitSerializerTest {

    private static final PravegaSplitSerializer SERIALIZER = PravegaSplitSerializer.INSTANCE;

    private static SegmentSplit segmentSplit() {
        return new SegmentSplit("scope", "stream", NameUtils.computeSegmentId(7, 2), 100, 500);
    }

    @Test
    void roundTripsBothKinds() throws Exception {
        PravegaSplit readerSplit = new ReaderGroupSplit(7, "reader-7-0123abcd");
        assertThat(
                        SERIALIZER.deserialize(
                                SERIALIZER.getVersion(), SERIALIZER.serialize(readerSplit)))
                .isEqualTo(readerSplit);
        assertThat(
                        SERIALIZER.deserialize(
                                SERIALIZER.getVersion(), SERIALIZER.serialize(segmentSplit())))
                .isEqualTo(segmentSplit());
    }

    /**
     * Frozen bytes of every version live in StateFormatsTest; this checks what a segment split
     * derives.
     */
    @Test
    void segmentSplitKeepsItsEpochAndId() throws Exception {
        SegmentSplit read =
                (SegmentSplit) SERIALIZER.deserialize(2, SERIALIZER.serialize(segmentSplit()));
        assertThat(read).isEqualTo(segmentSplit());
        assertThat(read.getEpoch()).isEqualTo(2);
        assertThat(read.splitId()).isEqualTo("scope/stream/" + NameUtils.computeSegmentId(7, 2));
    }

    @Test
    void unknownVersionOrKindIsAClearError() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(99, new byte[0]))
                .hasMessageContaining("Unknown version 99");
        assertThatThrownBy(() -> SERIALIZER.deserialize(2, new byte[] {9}))
                .hasMessageContaining("Unknown kind 9");
    }
}
