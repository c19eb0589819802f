package io.pravega.connectors.flink.source.event;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointNamesTest {

    @Test
    void nameCarriesTheFlinkCheckpointId() {
        assertThat(CheckpointNames.checkpointId(CheckpointNames.of(42, "abc123"))).hasValue(42);
        assertThat(CheckpointNames.checkpointId(CheckpointNames.of(Long.MAX_VALUE, "n"))).hasValue(Long.MAX_VALUE);
    }

    @Test
    void foreignCheckpointNamesAreNotOurs() {
        assertThat(CheckpointNames.checkpointId("user-checkpoint")).isEqualTo(OptionalLong.empty());
        assertThat(CheckpointNames.checkpointId("flink-x-1")).isEqualTo(OptionalLong.empty());
        assertThat(CheckpointNames.checkpointId(null)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void releaseCheckpointsAreNeverTakenForFlinkCheckpoints() {
        String release = CheckpointNames.release(7, "abc123");
        assertThat(CheckpointNames.isRelease(release)).isTrue();
        assertThat(CheckpointNames.checkpointId(release)).isEqualTo(OptionalLong.empty());
        assertThat(CheckpointNames.isRelease(CheckpointNames.of(7, "abc123"))).isFalse();
        assertThat(CheckpointNames.release(7, "abc123")).isNotEqualTo(CheckpointNames.release(8, "abc123"));
    }
}
