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
package io.pravega.connectors.flink.sink.internal;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaSinkSerializersTest {

    private static final UUID TXN = new UUID(0x0123456789abcdefL, 0x7edcba9876543210L);

    @Test
    void committableRoundTrips() throws Exception {
        PravegaCommittableSerializer serializer = PravegaCommittableSerializer.INSTANCE;
        PravegaCommittable committable = new PravegaCommittable("scope/stream", TXN, 42);
        PravegaCommittable noTimestamp =
                new PravegaCommittable("a/b", UUID.randomUUID(), PravegaCommittable.NO_TIMESTAMP);
        assertThat(
                        serializer.deserialize(
                                serializer.getVersion(), serializer.serialize(noTimestamp)))
                .isEqualTo(noTimestamp);
        assertThat(
                        serializer.deserialize(
                                serializer.getVersion(), serializer.serialize(committable)))
                .isEqualTo(committable);
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[0]))
                .hasMessageContaining("Unknown version 2");
    }

    @Test
    void writerStateRoundTrips() throws Exception {
        PravegaWriterStateSerializer serializer = PravegaWriterStateSerializer.INSTANCE;
        PravegaWriterState state = new PravegaWriterState("scope/stream", TXN);
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state)))
                .isEqualTo(state);
        assertThatThrownBy(() -> serializer.deserialize(7, new byte[0]))
                .hasMessageContaining("Unknown version 7");
    }
}
