package io.pravega.connectors.flink.source;

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
}
