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

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import io.pravega.connectors.flink.source.enumerator.readergroup.ReaderGroupEnumeratorState;
import io.pravega.connectors.flink.source.enumerator.segment.SegmentEnumeratorState;
import io.pravega.connectors.flink.source.split.SegmentSplit;
import io.pravega.shared.NameUtils;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaEnumeratorStateSerializerTest {

    private static final Stream BOUNDED = Stream.of("scope", "bounded");
    private static final Stream UNBOUNDED = Stream.of("scope", "unbounded");

    private static ReaderGroupEnumeratorState sampleState() throws Exception {
        Map<Segment, Long> positions = new LinkedHashMap<>();
        positions.put(new Segment("scope", "bounded", 0), 100L);
        positions.put(new Segment("scope", "bounded", 1), 200L);
        positions.put(new Segment("scope", "unbounded", 0), 300L);
        Map<Stream, StreamCut> endCuts = new LinkedHashMap<>();
        endCuts.put(
                BOUNDED,
                new StreamCutImpl(BOUNDED, Map.of(new Segment("scope", "bounded", 0), 1000L)));
        endCuts.put(UNBOUNDED, StreamCut.UNBOUNDED);
        return new ReaderGroupEnumeratorState(
                FakeReaderGroup.checkpoint("flink-7-abcd1234", positions), endCuts);
    }

    @Test
    void roundTripsReaderGroupState() throws Exception {
        ReaderGroupEnumeratorState state = sampleState();
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
