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
package io.pravega.connectors.flink.source.event;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointNamesTest {

    @Test
    void nameCarriesTheFlinkCheckpointId() {
        assertThat(CheckpointNames.checkpointId(CheckpointNames.of(42, "abc123"))).hasValue(42);
        assertThat(CheckpointNames.checkpointId(CheckpointNames.of(Long.MAX_VALUE, "n")))
                .hasValue(Long.MAX_VALUE);
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
        assertThat(CheckpointNames.release(7, "abc123"))
                .isNotEqualTo(CheckpointNames.release(8, "abc123"));
    }
}
