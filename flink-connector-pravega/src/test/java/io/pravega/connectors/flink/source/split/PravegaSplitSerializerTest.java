package io.pravega.connectors.flink.source.split;

import io.pravega.shared.NameUtils;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaSplitSerializerTest {

    private static final PravegaSplitSerializer SERIALIZER = PravegaSplitSerializer.INSTANCE;

    /** Version 1 bytes of {@code ReaderGroupSplit(3, "reader-3-abcd1234")}, as first written. */
    private static final String VERSION_1 = "AAAAAwARcmVhZGVyLTMtYWJjZDEyMzQ=";

    /** Version 2 bytes of {@link #segmentSplit()}. */
    private static final String VERSION_2_SEGMENT =
            "AQAFc2NvcGUABnN0cmVhbQAAAAIAAAAHAAAAAAAAAGQAAAAAAAAB9A==";

    private static SegmentSplit segmentSplit() {
        return new SegmentSplit("scope", "stream", NameUtils.computeSegmentId(7, 2), 100, 500);
    }

    @Test
    void roundTripsBothKinds() throws Exception {
        PravegaSplit readerSplit = new ReaderGroupSplit(7, "reader-7-0123abcd");
        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(readerSplit)))
                .isEqualTo(readerSplit);
        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(segmentSplit())))
                .isEqualTo(segmentSplit());
    }

    @Test
    void readsVersionOneBytes() throws Exception {
        assertThat(SERIALIZER.deserialize(1, Base64.getDecoder().decode(VERSION_1)))
                .isEqualTo(new ReaderGroupSplit(3, "reader-3-abcd1234"));
    }

    @Test
    void versionTwoFormatIsStable() throws Exception {
        assertThat(Base64.getEncoder().encodeToString(SERIALIZER.serialize(segmentSplit()))).isEqualTo(VERSION_2_SEGMENT);
        SegmentSplit read = (SegmentSplit) SERIALIZER.deserialize(2, Base64.getDecoder().decode(VERSION_2_SEGMENT));
        assertThat(read).isEqualTo(segmentSplit());
        assertThat(read.getEpoch()).isEqualTo(2);
        assertThat(read.splitId()).isEqualTo("scope/stream/" + NameUtils.computeSegmentId(7, 2));
    }

    @Test
    void unknownVersionOrKindIsAClearError() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(99, new byte[0])).hasMessageContaining("Unknown version 99");
        assertThatThrownBy(() -> SERIALIZER.deserialize(2, new byte[] {9})).hasMessageContaining("Unknown kind 9");
    }
}
