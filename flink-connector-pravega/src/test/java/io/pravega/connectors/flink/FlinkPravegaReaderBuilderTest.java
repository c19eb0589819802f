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
package io.pravega.connectors.flink;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlinkPravegaReaderBuilderTest {

    private static final Stream STREAM = Stream.of("scope", "stream");

    private static FlinkPravegaReader.Builder<String> valid() {
        return FlinkPravegaReader.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.fromDefaults()
                                .withControllerURI("tcp://localhost:9090")
                                .withScope("home"))
                .forStream("events")
                .withDeserializationSchema(
                        new PravegaDeserializationSchema<>(
                                String.class, new UTF8StringSerializer()));
    }

    private static FlinkPravegaReader.Builder<String> withoutStream() {
        return FlinkPravegaReader.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.fromDefaults()
                                .withControllerURI("tcp://localhost:9090")
                                .withScope("home"))
                .withDeserializationSchema(
                        new PravegaDeserializationSchema<>(
                                String.class, new UTF8StringSerializer()));
    }

    private static StreamCut cut(Stream stream, long offset) {
        return new StreamCutImpl(
                stream, Map.of(new Segment(stream.getScope(), stream.getStreamName(), 0), offset));
    }

    @Test
    void defaultsAndGeneratedGroupName() throws Exception {
        FlinkPravegaReader<String> reader = valid().build();
        assertThat(reader.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(reader.getReaderGroupName()).startsWith("flink-");
        assertThat(valid().build().getReaderGroupName()).isNotEqualTo(reader.getReaderGroupName());
        assertThat(reader.getReaderGroupScope()).isEqualTo("home");
        // Flink ships the source to the cluster.
        assertThat(InstantiationUtil.clone(reader).getReaderGroupName())
                .isEqualTo(reader.getReaderGroupName());
    }

    @Test
    void boundedWithEndCutsOrToTail() {
        assertThat(valid().boundedToTail().build().getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        FlinkPravegaReader<String> bounded =
                FlinkPravegaReader.<String>builder()
                        .withPravegaConfig(PravegaConfig.fromDefaults())
                        .forStream(STREAM, StreamCut.UNBOUNDED, cut(STREAM, 100))
                        .withDeserializationSchema(
                                new PravegaDeserializationSchema<>(
                                        String.class, new UTF8StringSerializer()))
                        .withReaderGroupName("kept")
                        .build();
        assertThat(bounded.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(bounded.getReaderGroupName()).isEqualTo("kept");
        assertThat(bounded.getReaderGroupScope())
                .as("the first stream's scope without a config scope")
                .isEqualTo("scope");
    }

    @Test
    void missingPiecesAreClearErrors() {
        assertThatThrownBy(() -> valid().withPravegaConfig(null).build())
                .hasMessageContaining("withPravegaConfig(...) is required");
        assertThatThrownBy(
                        () ->
                                FlinkPravegaReader.<String>builder()
                                        .withPravegaConfig(PravegaConfig.fromDefaults())
                                        .withDeserializationSchema(
                                                new PravegaDeserializationSchema<>(
                                                        String.class, new UTF8StringSerializer()))
                                        .build())
                .hasMessageContaining("Add at least one stream");
        assertThatThrownBy(() -> valid().withDeserializationSchema(null).build())
                .hasMessageContaining("withDeserializationSchema(...) is required");
        assertThatThrownBy(
                        () ->
                                FlinkPravegaReader.<String>builder()
                                        .withPravegaConfig(PravegaConfig.fromDefaults())
                                        .forStream("unqualified")
                                        .withDeserializationSchema(
                                                new PravegaDeserializationSchema<>(
                                                        String.class, new UTF8StringSerializer()))
                                        .build())
                .hasMessageContaining("has no scope");
    }

    @Test
    void aMissingDeliveryGuaranteeIsAClearError() {
        assertThatThrownBy(() -> valid().withDeliveryGuarantee(null).build())
                .hasMessageContaining("withDeliveryGuarantee(...) must not be null")
                .hasMessageContaining("DeliveryGuarantee.AT_LEAST_ONCE");
    }

    @Test
    void badNumbersAreClearErrors() {
        assertThatThrownBy(() -> valid().withCheckpointInitiateTimeout(Duration.ZERO).build())
                .hasMessageContaining("withCheckpointInitiateTimeout must be a positive duration");
        assertThatThrownBy(() -> valid().withEventReadTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("withEventReadTimeout must be a positive duration");
        assertThatThrownBy(() -> valid().withReaderGroupRefreshTime(null).build())
                .hasMessageContaining("withReaderGroupRefreshTime must be a positive duration");
        assertThatThrownBy(() -> valid().withSegmentReleaseInterval(Duration.ZERO).build())
                .hasMessageContaining("withSegmentReleaseInterval must be a positive duration");
        assertThatThrownBy(() -> valid().withMaxOutstandingCheckpointRequest(0).build())
                .hasMessageContaining("withMaxOutstandingCheckpointRequest must be at least 1");
        // Used in whole milliseconds: less than one would become 0.
        assertThatThrownBy(() -> valid().withEventReadTimeout(Duration.ofNanos(999_999)).build())
                .hasMessageContaining(
                        "withEventReadTimeout must be a positive duration (at least 1 ms)");
        assertThat(valid().withEventReadTimeout(Duration.ofMillis(1)).build()).isNotNull();
    }

    @Test
    void timeWindowWatermarksNeedAnUnboundedReadAndNoNegativeLateness() {
        assertThat(valid().withTimeWindowWatermarks().build()).isNotNull();
        assertThat(valid().withTimeWindowWatermarks(Duration.ofSeconds(2)).build()).isNotNull();
        assertThatThrownBy(() -> valid().withTimeWindowWatermarks(Duration.ofMillis(-1)).build())
                .hasMessageContaining(
                        "withTimeWindowWatermarks(allowedLateness) needs a duration of zero or more");
        assertThatThrownBy(() -> valid().withTimeWindowWatermarks(null).build())
                .hasMessageContaining("got null");
        assertThatThrownBy(() -> valid().withTimeWindowWatermarks().boundedToTail().build())
                .hasMessageContaining("withTimeWindowWatermarks() needs an unbounded read")
                .hasMessageContaining("Remove the end StreamCuts and boundedToTail()");
    }

    @Test
    void streamCutsAsTextAreParsedAndCheckedAtBuild() {
        String middle = cut(STREAM, 100).asText();
        String end = cut(STREAM, 200).asText();
        assertThat(withoutStream().forStream("scope/stream", middle, end).build().getBoundedness())
                .isEqualTo(Boundedness.BOUNDED);
        assertThat(
                        withoutStream()
                                .forStream("scope/stream", "UNBOUNDED", "UNBOUNDED")
                                .build()
                                .getBoundedness())
                .isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);

        assertThatThrownBy(
                        () ->
                                withoutStream()
                                        .forStream("scope/stream", "garbage", "UNBOUNDED")
                                        .build())
                .hasMessageContaining(
                        "The start StreamCut 'garbage' given for stream 'scope/stream' is not a valid "
                                + "StreamCut (Invalid base64 input.)")
                .hasMessageContaining("StreamCut.asText()");
        assertThatThrownBy(
                        () ->
                                withoutStream()
                                        .forStream(
                                                "scope/stream", "UNBOUNDED", end.substring(0, 10))
                                        .build())
                .hasMessageContaining(
                        "The end StreamCut '"
                                + end.substring(0, 10)
                                + "' given for stream 'scope/stream'");
        assertThatThrownBy(
                        () -> withoutStream().forStream("scope/stream", null, "UNBOUNDED").build())
                .hasMessageContaining("The start StreamCut text of stream 'scope/stream' is null");
        assertThatThrownBy(
                        () -> withoutStream().forStream("scope/other", middle, "UNBOUNDED").build())
                .hasMessageContaining(
                        "The start StreamCut given for stream 'scope/other' is a StreamCut of stream 'scope/stream'");
        assertThatThrownBy(() -> withoutStream().forStream("scope/stream", end, middle).build())
                .hasMessageContaining("A start StreamCut must not be after the end StreamCut");
    }

    @Test
    void conflictingSettingsAreClearErrors() {
        assertThatThrownBy(() -> valid().forStream("home/events").build())
                .hasMessageContaining("'home/events' is added twice");
        assertThatThrownBy(
                        () ->
                                valid().forStream(STREAM, StreamCut.UNBOUNDED, cut(STREAM, 10))
                                        .boundedToTail()
                                        .build())
                .hasMessageContaining("boundedToTail() also sets one");
        assertThatThrownBy(() -> valid().withReaderGroupName("bad name!").build())
                .hasMessageContaining("Invalid reader group name 'bad name!'");
    }

    @Test
    void badStreamCutsAreClearErrors() {
        Stream other = Stream.of("scope", "other");
        assertThatThrownBy(() -> valid().forStream(STREAM, cut(other, 0)).build())
                .hasMessageContaining(
                        "The start StreamCut given for stream 'scope/stream' is a StreamCut of stream 'scope/other'");
        assertThatThrownBy(
                        () -> valid().forStream(STREAM, StreamCut.UNBOUNDED, cut(other, 0)).build())
                .hasMessageContaining("The end StreamCut given for stream 'scope/stream'");
        assertThatThrownBy(
                        () -> valid().forStream(STREAM, cut(STREAM, 200), cut(STREAM, 100)).build())
                .hasMessageContaining("A start StreamCut must not be after the end StreamCut");
        assertThatThrownBy(() -> valid().forStream(STREAM, null).build())
                .hasMessageContaining("must not be null");
    }
}
