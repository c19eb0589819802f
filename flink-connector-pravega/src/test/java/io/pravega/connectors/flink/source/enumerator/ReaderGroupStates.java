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
package io.pravega.connectors.flink.source.enumerator;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import io.pravega.connectors.flink.source.enumerator.readergroup.ReaderGroupEnumeratorState;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reader-group enumerator states shared by the tests of its formats. */
public final class ReaderGroupStates {

    private ReaderGroupStates() {}

    /**
     * The value of the frozen version-1 bytes: two streams, one of them with a bounded end cut
     * beside an unbounded one.
     */
    public static ReaderGroupEnumeratorState versionOneSample() {
        Stream bounded = Stream.of("scope", "bounded");
        Stream unbounded = Stream.of("scope", "unbounded");
        Map<Segment, Long> positions = new LinkedHashMap<>();
        positions.put(new Segment("scope", "bounded", 0), 100L);
        positions.put(new Segment("scope", "bounded", 1), 200L);
        positions.put(new Segment("scope", "unbounded", 0), 300L);
        Map<Stream, StreamCut> endCuts = new LinkedHashMap<>();
        endCuts.put(
                bounded,
                new StreamCutImpl(bounded, Map.of(new Segment("scope", "bounded", 0), 1000L)));
        endCuts.put(unbounded, StreamCut.UNBOUNDED);
        return new ReaderGroupEnumeratorState(
                FakeReaderGroup.checkpoint("flink-7-abcd1234", positions), endCuts);
    }
}
