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
        AtLeastOnceSourceReader<String> reader = new AtLeastOnceSourceReader<>(new TestingReaderContext(),
                ExactlyOnceSourceReaderTest.config(true), new SimpleStringSchema(), fetch);
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
