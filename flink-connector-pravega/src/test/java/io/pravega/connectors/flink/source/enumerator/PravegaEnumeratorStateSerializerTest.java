package io.pravega.connectors.flink.source.enumerator;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.CheckpointImpl;
import io.pravega.client.stream.impl.StreamCutImpl;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaEnumeratorStateSerializerTest {

    /** Version 1 bytes of {@link #sampleState()}, as first written. */
    private static final String VERSION_1 = "AAAAdgAAAQAAAABuABBmbGluay03LWFiY2QxMjM0AgAPc2NvcGUvdW5ib3VuZGVkAAEBAAAAABUAD3Njb3BlL3VuYm91bmRlZAEAISwADXNjb3BlL2JvdW5kZWQAAQEAAAAAFgANc2NvcGUvYm91bmRlZAIAIGQBIMgAAAACAA1zY29wZS9ib3VuZGVkAQAAABsAAQEAAAAAEwANc2NvcGUvYm91bmRlZAEAI+gAD3Njb3BlL3VuYm91bmRlZAA=";

    private static final Stream BOUNDED = Stream.of("scope", "bounded");
    private static final Stream UNBOUNDED = Stream.of("scope", "unbounded");

    /** Pravega keeps the constructor package-private; a real checkpoint needs a cluster. */
    private static Checkpoint checkpoint(String name, Map<Segment, Long> positions) throws Exception {
        Constructor<CheckpointImpl> constructor = CheckpointImpl.class.getDeclaredConstructor(String.class, Map.class);
        constructor.setAccessible(true);
        return constructor.newInstance(name, positions);
    }

    private static PravegaEnumeratorState sampleState() throws Exception {
        Map<Segment, Long> positions = new LinkedHashMap<>();
        positions.put(new Segment("scope", "bounded", 0), 100L);
        positions.put(new Segment("scope", "bounded", 1), 200L);
        positions.put(new Segment("scope", "unbounded", 0), 300L);
        Map<Stream, StreamCut> endCuts = new LinkedHashMap<>();
        endCuts.put(BOUNDED, new StreamCutImpl(BOUNDED, Map.of(
                new Segment("scope", "bounded", 0), 1000L)));
        endCuts.put(UNBOUNDED, StreamCut.UNBOUNDED);
        return new PravegaEnumeratorState(checkpoint("flink-7-abcd1234", positions), endCuts);
    }

    @Test
    void roundTrip() throws Exception {
        PravegaEnumeratorState state = sampleState();
        PravegaEnumeratorStateSerializer serializer = PravegaEnumeratorStateSerializer.INSTANCE;
        PravegaEnumeratorState copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertSameState(copy, state);
    }

    @Test
    void readsVersionOneBytes() throws Exception {
        PravegaEnumeratorState state = PravegaEnumeratorStateSerializer.INSTANCE.deserialize(
                1, Base64.getDecoder().decode(VERSION_1));
        assertSameState(state, sampleState());
    }

    @Test
    void unknownVersionIsAClearError() {
        assertThatThrownBy(() -> PravegaEnumeratorStateSerializer.INSTANCE.deserialize(2, new byte[0]))
                .hasMessageContaining("Unknown version 2");
    }

    private static void assertSameState(PravegaEnumeratorState actual, PravegaEnumeratorState expected) {
        assertThat(actual.getCheckpoint().getName()).isEqualTo(expected.getCheckpoint().getName());
        assertThat(actual.getCheckpoint().asImpl().getPositions())
                .isEqualTo(expected.getCheckpoint().asImpl().getPositions());
        assertThat(actual.getEndCuts()).containsExactlyEntriesOf(expected.getEndCuts());
    }
}
