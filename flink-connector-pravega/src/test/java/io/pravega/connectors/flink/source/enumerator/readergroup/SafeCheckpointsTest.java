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
package io.pravega.connectors.flink.source.enumerator.readergroup;

import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.impl.CheckpointImpl;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SafeCheckpointsTest {

    private final ReaderGroupEnumeratorState initial = state("start");
    private final SafeCheckpoints safe = new SafeCheckpoints(initial, 100, Map.of());

    @Test
    void theCheckpointStartedLastWinsWhateverOrderCompletionsAreSeenIn() {
        assertThat(safe.current()).isSameAs(initial);
        safe.completed(checkpoint("b"), 300);
        safe.completed(checkpoint("a"), 200);
        assertThat(safe.current().describe()).isEqualTo("b");
        safe.completed(checkpoint("c"), 400);
        assertThat(safe.current().describe()).isEqualTo("c");
    }

    @Test
    void afterARewindCheckpointsStartedBeforeItAreIgnored() {
        safe.completed(checkpoint("before"), 200);
        ReaderGroupEnumeratorState restored = state("restored");
        safe.rewound(restored, 300);
        safe.completed(checkpoint("started before the rewind, seen after it"), 250);
        assertThat(safe.current()).isSameAs(restored);
        safe.completed(checkpoint("after"), 350);
        assertThat(safe.current().describe()).isEqualTo("after");
    }

    @Test
    void nanoTimesAreComparedByDifferenceSoThatOverflowDoesNotMatter() {
        SafeCheckpoints nearOverflow = new SafeCheckpoints(initial, Long.MAX_VALUE - 10, Map.of());
        nearOverflow.completed(checkpoint("after overflow"), Long.MIN_VALUE + 10);
        assertThat(nearOverflow.current().describe()).isEqualTo("after overflow");
    }

    private static ReaderGroupEnumeratorState state(String name) {
        return new ReaderGroupEnumeratorState(checkpoint(name), Map.of());
    }

    /** Only the name matters here; positions come from Pravega in the ITCases. */
    private static Checkpoint checkpoint(String name) {
        return new Checkpoint() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public CheckpointImpl asImpl() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ByteBuffer toBytes() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
