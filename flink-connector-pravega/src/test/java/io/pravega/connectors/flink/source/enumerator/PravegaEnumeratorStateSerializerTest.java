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
package io.pravega.connectors.flink.source.enumerator;

import io.pravega.connectors.flink.source.enumerator.readergroup.ReaderGroupEnumeratorState;
import io.pravega.connectors.flink.source.enumerator.segment.SegmentEnumeratorState;
import io.pravega.connectors.flink.source.split.SegmentSplit;
import io.pravega.shared.NameUtils;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaEnumeratorStateSerializerTest {

    @Test
    void roundTripsReaderGroupState() throws Exception {
        ReaderGroupEnumeratorState state = ReaderGroupStates.versionOneSample();
        PravegaEnumeratorStateSerializer serializer = PravegaEnumeratorStateSerializer.INSTANCE;
        PravegaEnumeratorState copy =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertSameState((ReaderGroupEnumeratorState) copy, state);
    }

    @Test
    void roundTripsSegmentState() throws Exception {
        SegmentSplit first = new SegmentSplit("scope", "bounded", 0, 0, 100);
        SegmentSplit second =
                new SegmentSplit("scope", "bounded", NameUtils.computeSegmentId(2, 1), 50, 60);
        SegmentSplit third = new SegmentSplit("other", "s", 1, 10, 10);
        PravegaEnumeratorStateSerializer serializer = PravegaEnumeratorStateSerializer.INSTANCE;
        SegmentEnumeratorState copy =
                (SegmentEnumeratorState)
                        serializer.deserialize(
                                serializer.getVersion(),
                                serializer.serialize(
                                        new SegmentEnumeratorState(
                                                List.of(first, second), List.of(third))));
        assertThat(copy.getUnassigned()).containsExactly(first, second);
        assertThat(copy.getAssigned()).containsExactly(third);
    }

    @Test
    void unknownVersionOrKindIsAClearError() {
        assertThatThrownBy(
                        () -> PravegaEnumeratorStateSerializer.INSTANCE.deserialize(3, new byte[0]))
                .hasMessageContaining("Unknown version 3");
        assertThatThrownBy(
                        () ->
                                PravegaEnumeratorStateSerializer.INSTANCE.deserialize(
                                        2, new byte[] {7}))
                .hasMessageContaining("Unknown kind 7");
    }

    private static void assertSameState(
            ReaderGroupEnumeratorState actual, ReaderGroupEnumeratorState expected) {
        assertThat(actual.getCheckpoint().getName()).isEqualTo(expected.getCheckpoint().getName());
        assertThat(actual.getCheckpoint().asImpl().getPositions())
                .isEqualTo(expected.getCheckpoint().asImpl().getPositions());
        assertThat(actual.getEndCuts()).containsExactlyEntriesOf(expected.getEndCuts());
    }
}
