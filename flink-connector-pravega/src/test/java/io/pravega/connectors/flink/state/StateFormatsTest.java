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
package io.pravega.connectors.flink.state;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import io.pravega.connectors.flink.sink.internal.PravegaCommittable;
import io.pravega.connectors.flink.sink.internal.PravegaCommittableSerializer;
import io.pravega.connectors.flink.sink.internal.PravegaWriterState;
import io.pravega.connectors.flink.sink.internal.PravegaWriterStateSerializer;
import io.pravega.connectors.flink.source.enumerator.FakeReaderGroup;
import io.pravega.connectors.flink.source.enumerator.PravegaEnumeratorStateSerializer;
import io.pravega.connectors.flink.source.enumerator.ReaderGroupStates;
import io.pravega.connectors.flink.source.enumerator.readergroup.ReaderGroupEnumeratorState;
import io.pravega.connectors.flink.source.enumerator.segment.SegmentEnumeratorState;
import io.pravega.connectors.flink.source.split.PravegaSplitSerializer;
import io.pravega.connectors.flink.source.split.ReaderGroupSplit;
import io.pravega.connectors.flink.source.split.SegmentSplit;
import io.pravega.shared.NameUtils;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state format the connector reads, frozen as bytes under {@code
 * src/test/resources/state-formats}: each serializer, each version it reads and each kind of value.
 * The current code must read every file to the full value it was written from, and must write
 * exactly the frozen bytes for its current versions, so that a format change that was not meant
 * fails here. See docs/state-formats.md for how to add a version.
 */
class StateFormatsTest {

    private static final Stream READ = Stream.of("sensors", "readings");
    private static final Stream ALERTS = Stream.of("sensors", "alerts");
    private static final UUID TXN = new UUID(0x0123456789abcdefL, 0x7edcba9876543210L);

    static List<StateFormat<?>> formats() throws Exception {
        return List.of(
                // Splits.
                new StateFormat<>(
                        "split-v1-reader-group",
                        PravegaSplitSerializer.INSTANCE,
                        1,
                        new ReaderGroupSplit(3, "reader-3-abcd1234")),
                new StateFormat<>(
                        "split-v2-reader-group",
                        PravegaSplitSerializer.INSTANCE,
                        2,
                        new ReaderGroupSplit(11, "reader-11-0f1e2d3c")),
                new StateFormat<>(
                        "split-v2-segment",
                        PravegaSplitSerializer.INSTANCE,
                        2,
                        new SegmentSplit(
                                "sensors",
                                "readings",
                                NameUtils.computeSegmentId(7, 2),
                                100,
                                5_000_123)),
                // Enumerator states.
                new StateFormat<>(
                        "enumerator-v1-reader-group",
                        PravegaEnumeratorStateSerializer.INSTANCE,
                        1,
                        ReaderGroupStates.versionOneSample(),
                        StateFormatsTest::describe),
                new StateFormat<>(
                        "enumerator-v2-reader-group",
                        PravegaEnumeratorStateSerializer.INSTANCE,
                        2,
                        readerGroupState(),
                        StateFormatsTest::describe),
                new StateFormat<>(
                        "enumerator-v2-segments",
                        PravegaEnumeratorStateSerializer.INSTANCE,
                        2,
                        segmentState(),
                        StateFormatsTest::describe),
                // Writer.
                new StateFormat<>(
                        "committable-v1",
                        PravegaCommittableSerializer.INSTANCE,
                        1,
                        new PravegaCommittable("sensors/readings", TXN, 1_733_300_000_123L)),
                new StateFormat<>(
                        "committable-v1-no-timestamp",
                        PravegaCommittableSerializer.INSTANCE,
                        1,
                        new PravegaCommittable(
                                "sensors/readings", TXN, PravegaCommittable.NO_TIMESTAMP)),
                new StateFormat<>(
                        "writer-state-v1",
                        PravegaWriterStateSerializer.INSTANCE,
                        1,
                        new PravegaWriterState("sensors/readings", TXN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void readsTheFrozenBytes(StateFormat<?> format) throws Exception {
        assertThat(format.read()).isEqualTo(format.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void writesTheFrozenBytesOfItsCurrentVersion(StateFormat<?> format) throws Exception {
        if (format.isCurrentVersion()) {
            assertThat(format.write()).isEqualTo(format.frozenBytes());
        } else {
            // An older version is never written again: only the reading of its bytes is kept.
            assertThat(format.version).isLessThan(format.serializer.getVersion());
        }
    }

    // -------------------------------------------------------------------------------------------------
    // The values each file was written from.

    /** Two streams, segments of later epochs, and a stream whose end is a cut. */
    private static ReaderGroupEnumeratorState readerGroupState() throws Exception {
        Map<Segment, Long> positions = new LinkedHashMap<>();
        positions.put(new Segment("sensors", "readings", NameUtils.computeSegmentId(3, 1)), 4_096L);
        positions.put(new Segment("sensors", "readings", NameUtils.computeSegmentId(4, 1)), 77L);
        positions.put(new Segment("sensors", "alerts", 0), 123_456_789_012L);
        Map<Stream, StreamCut> endCuts = new LinkedHashMap<>();
        endCuts.put(READ, StreamCut.UNBOUNDED);
        endCuts.put(
                ALERTS,
                new StreamCutImpl(
                        ALERTS, Map.of(new Segment("sensors", "alerts", 0), 200_000_000_000L)));
        return new ReaderGroupEnumeratorState(
                FakeReaderGroup.checkpoint("flink-42-9f8e7d6c", positions), endCuts);
    }

    private static SegmentEnumeratorState segmentState() {
        return new SegmentEnumeratorState(
                List.of(
                        new SegmentSplit(
                                "sensors", "readings", NameUtils.computeSegmentId(5, 2), 0, 1_024),
                        new SegmentSplit("sensors", "alerts", 0, 512, 512)),
                List.of(
                        new SegmentSplit(
                                "sensors",
                                "readings",
                                NameUtils.computeSegmentId(2, 1),
                                64,
                                9_999)));
    }

    /** Enumerator states have no equals: compare every field they hold. */
    private static Object describe(Object state) {
        if (state instanceof ReaderGroupEnumeratorState) {
            ReaderGroupEnumeratorState readerGroup = (ReaderGroupEnumeratorState) state;
            return List.of(
                    "reader group",
                    readerGroup.getCheckpoint().getName(),
                    readerGroup.getCheckpoint().asImpl().getPositions(),
                    readerGroup.getEndCuts());
        }
        SegmentEnumeratorState segments = (SegmentEnumeratorState) state;
        return List.of("segments", segments.getUnassigned(), segments.getAssigned());
    }

    /** One frozen file: the serializer, the version it was written in, and the value it holds. */
    static final class StateFormat<T> {
        final String name;
        final SimpleVersionedSerializer<T> serializer;
        final int version;
        private final T value;
        private final Function<Object, Object> comparable;

        StateFormat(String name, SimpleVersionedSerializer<T> serializer, int version, T value) {
            this(name, serializer, version, value, Function.identity());
        }

        StateFormat(
                String name,
                SimpleVersionedSerializer<T> serializer,
                int version,
                T value,
                Function<Object, Object> comparable) {
            this.name = name;
            this.serializer = serializer;
            this.version = version;
            this.value = value;
            this.comparable = comparable;
        }

        boolean isCurrentVersion() {
            return version == serializer.getVersion();
        }

        byte[] frozenBytes() throws Exception {
            return FrozenStateFiles.read(name, () -> isCurrentVersion() ? write() : null);
        }

        Object read() throws Exception {
            return comparable.apply(serializer.deserialize(version, frozenBytes()));
        }

        Object expected() {
            return comparable.apply(value);
        }

        byte[] write() throws Exception {
            return serializer.serialize(value);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
