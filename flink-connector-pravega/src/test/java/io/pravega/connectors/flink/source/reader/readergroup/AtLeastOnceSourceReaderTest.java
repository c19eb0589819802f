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
package io.pravega.connectors.flink.source.reader.readergroup;

import io.pravega.connectors.flink.source.split.ReaderGroupSplit;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The at-least-once reader passes a Flink checkpoint's event without holding. */
class AtLeastOnceSourceReaderTest {

    @Test
    void passesAFlinkCheckpointsEventWithoutHolding() throws Exception {
        FakeFetch fetch = new FakeFetch();
        AtLeastOnceSourceReader<String> reader =
                new AtLeastOnceSourceReader<>(
                        new TestingReaderContext(),
                        ExactlyOnceSourceReaderTest.config(true),
                        new SimpleStringSchema(),
                        fetch);
        reader.addSplits(List.of(new ReaderGroupSplit(0, "reader-0-test")));
        FetchedElements.FlinkCheckpointMarker marker = new FetchedElements.FlinkCheckpointMarker(5);
        fetch.event("before").add(marker).event("after");
        TestingReaderOutput<String> output = new TestingReaderOutput<>();

        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(marker.emitted).as("the fetcher may let the checkpoint complete").isDone();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);

        assertThat(output.getEmittedRecords()).containsExactly("before", "after");
    }
}
