package io.pravega.connectors.flink.sink.internal;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaSinkSerializersTest {

    private static final UUID TXN = new UUID(0x0123456789abcdefL, 0x7edcba9876543210L);

    /** Version 1 bytes of {@code PravegaCommittable("scope/stream", TXN, 42)}. */
    private static final String COMMITTABLE_V1 = "AAxzY29wZS9zdHJlYW0BI0VniavN737cuph2VDIQAAAAAAAAACo=";
    /** Version 1 bytes of {@code PravegaWriterState("scope/stream", TXN)}. */
    private static final String WRITER_STATE_V1 = "AAxzY29wZS9zdHJlYW0BI0VniavN737cuph2VDIQ";

    @Test
    void committableRoundTripsAndReadsVersionOne() throws Exception {
        PravegaCommittableSerializer serializer = PravegaCommittableSerializer.INSTANCE;
        PravegaCommittable committable = new PravegaCommittable("scope/stream", TXN, 42);
        PravegaCommittable noTimestamp = new PravegaCommittable("a/b", UUID.randomUUID(), PravegaCommittable.NO_TIMESTAMP);
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(noTimestamp))).isEqualTo(noTimestamp);
        assertThat(serializer.deserialize(1, Base64.getDecoder().decode(COMMITTABLE_V1))).isEqualTo(committable);
        assertThat(Base64.getEncoder().encodeToString(serializer.serialize(committable))).isEqualTo(COMMITTABLE_V1);
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[0])).hasMessageContaining("Unknown version 2");
    }

    @Test
    void writerStateRoundTripsAndReadsVersionOne() throws Exception {
        PravegaWriterStateSerializer serializer = PravegaWriterStateSerializer.INSTANCE;
        PravegaWriterState state = new PravegaWriterState("scope/stream", TXN);
        assertThat(serializer.deserialize(1, Base64.getDecoder().decode(WRITER_STATE_V1))).isEqualTo(state);
        assertThat(Base64.getEncoder().encodeToString(serializer.serialize(state))).isEqualTo(WRITER_STATE_V1);
        assertThatThrownBy(() -> serializer.deserialize(7, new byte[0])).hasMessageContaining("Unknown version 7");
    }
}
