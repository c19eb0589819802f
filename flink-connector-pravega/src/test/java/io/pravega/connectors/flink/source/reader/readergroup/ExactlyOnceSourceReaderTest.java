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

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.source.PravegaSourceConfig;
import io.pravega.connectors.flink.source.StreamRange;
import io.pravega.connectors.flink.source.event.CheckpointAbortedEvent;
import io.pravega.connectors.flink.source.event.ReaderFinishedEvent;
import io.pravega.connectors.flink.source.event.StartReadingEvent;
import io.pravega.connectors.flink.source.split.ReaderGroupSplit;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exactly-once reader's own logic, over a fetch that hands over what the test queues: where it
 * holds, what ends a hold, and how a fetcher failure surfaces.
 */
class ExactlyOnceSourceReaderTest {

    private static final String READER_ID = "reader-0-test";

    private final FakeFetch fetch = new FakeFetch();
    private final TestingReaderContext context = new TestingReaderContext();
    private final TestingReaderOutput<String> output = new TestingReaderOutput<>();
    private ExactlyOnceSourceReader<String> reader;

    static PravegaSourceConfig config(boolean atLeastOnce) {
        return new PravegaSourceConfig(
                PravegaConfig.forController("tcp://localhost:9090"),
                List.of(
                        new StreamRange(
                                Stream.of("scope", "stream"),
                                StreamCut.UNBOUNDED,
                                StreamCut.UNBOUNDED)),
                "scope",
                "group",
                false,
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                3,
                Duration.ofSeconds(1),
                false,
                false,
                false,
                false,
                atLeastOnce,
                null);
    }

    @BeforeEach
    void startReading() {
        reader = startedReader(Duration.ofMinutes(10));
    }

    @AfterEach
    void closeReader() throws Exception {
        reader.close();
    }

    private ExactlyOnceSourceReader<String> startedReader(Duration holdLimit) {
        ExactlyOnceSourceReader<String> started =
                new ExactlyOnceSourceReader<>(
                        context, config(false), new SimpleStringSchema(), fetch, holdLimit);
        started.start();
        started.addSplits(List.of(new ReaderGroupSplit(0, READER_ID)));
        started.handleSourceEvents(new StartReadingEvent());
        return started;
    }

    private InputStatus poll() throws Exception {
        return reader.pollNext(output);
    }

    @Test
    void joinsTheGroupAsItsSplitsReaderAndStartsWhenTold() {
        assertThat(fetch.openedAs).isEqualTo(READER_ID);
        assertThat(fetch.startedReading).isTrue();
    }

    @Test
    void holdsAfterAFlinkCheckpointsEventUntilTheCheckpointIsTaken() throws Exception {
        FetchedElements.FlinkCheckpointMarker marker = new FetchedElements.FlinkCheckpointMarker(5);
        fetch.event("before").add(marker).event("after");

        assertThat(poll()).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(poll()).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(marker.emitted).as("the fetcher learns the marker was reached").isDone();
        assertThat(reader.shouldTriggerCheckpoint()).hasValue(5L);
        assertThat(reader.shouldTriggerCheckpoint()).as("reported once").isEmpty();
        assertThat(poll()).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(reader.isAvailable()).isNotDone();
        assertThat(output.getEmittedRecords()).containsExactly("before");

        reader.snapshotState(5);

        assertThat(reader.isAvailable()).isDone();
        assertThat(poll()).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(output.getEmittedRecords()).containsExactly("before", "after");
    }

    @Test
    void holdsWhileACheckpointReportedIsNotTakenYet() throws Exception {
        fetch.add(new FetchedElements.FlinkCheckpointMarker(5)).event("after");
        poll();
        assertThat(reader.shouldTriggerCheckpoint()).hasValue(5L);

        reader.snapshotState(4);

        assertThat(poll()).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(output.getEmittedRecords()).isEmpty();
    }

    @Test
    void anAbortedCheckpointEndsTheHold() throws Exception {
        fetch.add(new FetchedElements.FlinkCheckpointMarker(5)).event("after");
        poll();
        assertThat(reader.shouldTriggerCheckpoint()).hasValue(5L);

        reader.handleSourceEvents(new CheckpointAbortedEvent(5));

        assertThat(reader.isAvailable()).isDone();
        assertThat(poll()).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(output.getEmittedRecords()).containsExactly("after");
    }

    @Test
    void theEventOfACheckpointKnownAbortedIsPassedOver() throws Exception {
        reader.handleSourceEvents(new CheckpointAbortedEvent(6));
        FetchedElements.FlinkCheckpointMarker marker = new FetchedElements.FlinkCheckpointMarker(6);
        fetch.add(marker).event("after");

        assertThat(poll()).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(marker.emitted).isDone();
        assertThat(reader.shouldTriggerCheckpoint()).isEmpty();
        assertThat(poll()).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(output.getEmittedRecords()).containsExactly("after");
    }

    @Test
    void aHoldThatFlinkNeitherEndsNorAbortsFailsTheTaskAtItsLimit() throws Exception {
        reader.close();
        reader = startedReader(Duration.ofMillis(50));
        fetch.add(new FetchedElements.FlinkCheckpointMarker(5)).event("after");
        poll();
        assertThat(reader.shouldTriggerCheckpoint()).hasValue(5L);

        // The abort notice is lost: only the limit wakes the reader.
        reader.isAvailable().get(30, TimeUnit.SECONDS);

        assertThatThrownBy(this::poll)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Flink checkpoint 5")
                .hasMessageContaining("neither taken nor aborted")
                .hasMessageContaining("tcp://localhost:9090");
        assertThat(output.getEmittedRecords()).isEmpty();
    }

    @Test
    void aHoldThatEndedInTimeDoesNotFailLater() throws Exception {
        reader.close();
        reader = startedReader(Duration.ofMillis(50));
        fetch.add(new FetchedElements.FlinkCheckpointMarker(5)).event("after");
        poll();
        assertThat(reader.shouldTriggerCheckpoint()).hasValue(5L);
        reader.snapshotState(5);

        Thread.sleep(200);

        assertThat(poll()).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(output.getEmittedRecords()).containsExactly("after");
    }

    @Test
    void pausingSourcesUntilTheFirstCheckpointIsRejectedWithTheReason() {
        Configuration configuration = new Configuration();
        configuration.setString("pipeline.sources.pause-until-first-checkpoint", "true");
        TestingReaderContext paused =
                new TestingReaderContext(
                        configuration, UnregisteredMetricsGroup.createSourceReaderMetricGroup());

        assertThatThrownBy(
                        () ->
                                new ExactlyOnceSourceReader<>(
                                        paused,
                                        config(false),
                                        new SimpleStringSchema(),
                                        new FakeFetch(),
                                        Duration.ofMinutes(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pipeline.sources.pause-until-first-checkpoint=true")
                .hasMessageContaining("no checkpoint could complete again")
                .hasMessageContaining("AT_LEAST_ONCE");
    }

    @Test
    void aReleaseCheckpointsEventDoesNotHold() throws Exception {
        FetchedElements.ReleaseMarker marker = new FetchedElements.ReleaseMarker("release-1");
        fetch.add(marker).event("after");

        assertThat(poll()).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(marker.emitted).isDone();
        assertThat(reader.shouldTriggerCheckpoint()).isEmpty();
        poll();
        assertThat(output.getEmittedRecords()).containsExactly("after");
    }

    @Test
    void aFetcherFailureSurfacesFromPollNextWhileHolding() throws Exception {
        fetch.add(new FetchedElements.FlinkCheckpointMarker(5)).event("after");
        poll();
        assertThat(reader.shouldTriggerCheckpoint()).hasValue(5L);
        assertThat(reader.isAvailable()).isNotDone();

        fetch.fail(new IOException("Pravega is gone"));

        assertThat(reader.isAvailable()).as("a holding reader wakes up for the failure").isDone();
        assertThatThrownBy(this::poll)
                .isInstanceOf(IOException.class)
                .hasMessage("Pravega is gone");
    }

    @Test
    void aFetcherFailureSurfacesFromPollNextAfterTheEventsBeforeIt() throws Exception {
        fetch.event("before");
        fetch.fail(new IOException("Pravega is gone"));

        assertThat(poll()).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThatThrownBy(this::poll)
                .isInstanceOf(IOException.class)
                .hasMessage("Pravega is gone");
        assertThat(output.getEmittedRecords()).containsExactly("before");
    }

    @Test
    void theEndOfTheStreamsEndsTheInputAndTellsTheEnumerator() throws Exception {
        fetch.event("last").add(FetchedElements.END_OF_INPUT);

        poll();
        assertThat(poll()).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(context.getSentEvents())
                .singleElement()
                .isInstanceOfSatisfying(
                        ReaderFinishedEvent.class,
                        event -> assertThat(event.getReaderId()).isEqualTo(READER_ID));
    }

    @Test
    void closeClosesTheFetch() throws Exception {
        reader.close();

        assertThat(fetch.closed).isTrue();
    }
}
