package io.pravega.connectors.flink.source.split;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaSplitSerializerTest {

    /** Version 1 bytes of {@code PravegaSplit(3, "reader-3-abcd1234")}, as first written. */
    private static final String VERSION_1 = "AAAAAwARcmVhZGVyLTMtYWJjZDEyMzQ=";

    @Test
    void roundTrip() throws Exception {
        PravegaSplit split = new PravegaSplit(7, "reader-7-0123abcd");
        PravegaSplitSerializer serializer = PravegaSplitSerializer.INSTANCE;
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split))).isEqualTo(split);
    }

    @Test
    void readsVersionOneBytes() throws Exception {
        assertThat(PravegaSplitSerializer.INSTANCE.deserialize(1, Base64.getDecoder().decode(VERSION_1)))
                .isEqualTo(new PravegaSplit(3, "reader-3-abcd1234"));
        assertThat(Base64.getEncoder().encodeToString(
                        PravegaSplitSerializer.INSTANCE.serialize(new PravegaSplit(3, "reader-3-abcd1234"))))
                .as("version 1 format is stable")
                .isEqualTo(VERSION_1);
    }

    @Test
    void unknownVersionIsAClearError() {
        assertThatThrownBy(() -> PravegaSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
                .hasMessageContaining("Unknown version 99");
    }
}
