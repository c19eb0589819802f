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
        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(readerSplit)))
                .isEqualTo(readerSplit);
        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(segmentSplit())))
                .isEqualTo(segmentSplit());
    }

    /** Frozen bytes of every version live in StateFormatsTest; this checks what a segment split derives. */
    @Test
    void segmentSplitKeepsItsEpochAndId() throws Exception {
        SegmentSplit read = (SegmentSplit) SERIALIZER.deserialize(2, SERIALIZER.serialize(segmentSplit()));
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
