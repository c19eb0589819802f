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
package io.pravega.connectors.flink.source.reader;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.JavaSerializer;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;
import io.pravega.connectors.flink.serialization.PravegaEventMetadata;
import io.pravega.connectors.flink.source.event.ReaderStartFailedEvent;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventDecoderTest {

    private static final JavaSerializer<String> SERIALIZER = new JavaSerializer<>();

    /**
     * Emitting a record runs the chained operators; what they throw is theirs: neither a bad event
     * nor, in skip mode, something to drop.
     */
    @ParameterizedTest(name = "skip undeserializable events: {0}")
    @ValueSource(booleans = {false, true})
    void aFailureDownstreamPassesThroughUnchanged(boolean skipUndeserializable) {
        EventDecoder<String> decoder =
                new EventDecoder<>(context(), schema(), skipUndeserializable);
        IllegalStateException downstream =
                new IllegalStateException("a failure in the next operator");

        assertThatThrownBy(
                        () ->
                                decoder.decode(
                                        event(SERIALIZER.serialize("a")),
                                        output(
                                                record -> {
                                                    throw downstream;
                                                })))
                .isSameAs(downstream);
    }

    @ParameterizedTest(name = "skip undeserializable events: {0}")
    @ValueSource(booleans = {false, true})
    void anUndeserializableEventFailsWithItsPositionOrIsSkipped(boolean skipUndeserializable)
            throws Exception {
        EventDecoder<String> decoder =
                new EventDecoder<>(context(), schema(), skipUndeserializable);
        List<String> emitted = new ArrayList<>();
        SourceOutput<String> output = output(emitted::add);
        EventOrigin bad = event(ByteBuffer.wrap(new byte[] {1, 2, 3}));

        if (skipUndeserializable) {
            decoder.decode(bad, output);
        } else {
            assertThatThrownBy(() -> decoder.decode(bad, output))
                    .hasMessageContaining(
                            "Could not deserialize an event of 3 bytes from Pravega stream 'scope/stream'")
                    .hasMessageContaining("segment 7 at 42");
        }
        decoder.decode(event(SERIALIZER.serialize("good")), output);
        assertThat(emitted).containsExactly("good");
    }

    /**
     * A schema that cannot open does not fail the reader's construction (a task that fails while
     * opening its operators takes the TaskManager down when it has a collect sink): the reader's
     * start() hands the failure to the enumerator, which fails the job with it.
     */
    @Test
    void aSchemaThatCannotOpenIsReportedToTheEnumeratorAtStart() {
        IllegalStateException cause = new IllegalStateException("registry unreachable");
        PravegaDeserializationSchema<String> failing =
                new PravegaDeserializationSchema<>(String.class, SERIALIZER) {
                    @Override
                    public void open(InitializationContext context) {
                        throw cause;
                    }
                };
        List<SourceEvent> sent = new ArrayList<>();

        EventDecoder<String> decoder = new EventDecoder<>(context(sent::add), failing, false);

        assertThat(sent).as("nothing is reported before start()").isEmpty();
        assertThat(decoder.openFailed()).isTrue();
        decoder.reportOpenFailure();
        assertThat(sent).singleElement().isInstanceOf(ReaderStartFailedEvent.class);
        assertThat(((ReaderStartFailedEvent) sent.get(0)).failure(3))
                .hasMessage("Source reader subtask 3 could not start")
                .cause()
                .hasMessageContaining("Could not open the deserialization schema")
                .cause()
                .hasMessageContaining("registry unreachable");
        assertThatThrownBy(() -> decoder.decode(event(SERIALIZER.serialize("a")), output(r -> {})))
                .hasRootCause(cause);
    }

    @Test
    void aSchemaThatOpensReportsNothing() {
        List<SourceEvent> sent = new ArrayList<>();
        EventDecoder<String> decoder = new EventDecoder<>(context(sent::add), schema(), false);

        decoder.reportOpenFailure();
        assertThat(decoder.openFailed()).isFalse();
        assertThat(sent).isEmpty();
    }

    private static PravegaDeserializationSchema<String> schema() {
        return new PravegaDeserializationSchema<>(String.class, SERIALIZER);
    }

    private static EventOrigin event(ByteBuffer bytes) {
        return new EventOrigin() {
            @Override
            public ByteBuffer bytes() {
                return bytes;
            }

            @Override
            public PravegaEventMetadata metadata() {
                return new PravegaEventMetadata(Stream.of("scope", "stream"), null, 7, 42);
            }

            @Override
            public String describePosition() {
                return "segment 7 at 42";
            }
        };
    }

    private static SourceOutput<String> output(Consumer<String> records) {
        return new SourceOutput<>() {
            @Override
            public void collect(String record) {
                records.accept(record);
            }

            @Override
            public void collect(String record, long timestamp) {
                records.accept(record);
            }

            @Override
            public void emitWatermark(Watermark watermark) {}

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
    }

    private static SourceReaderContext context() {
        return context(event -> {});
    }

    private static SourceReaderContext context(Consumer<SourceEvent> toCoordinator) {
        return new SourceReaderContext() {
            @Override
            public SourceReaderMetricGroup metricGroup() {
                return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
            }

            @Override
            public Configuration getConfiguration() {
                return new Configuration();
            }

            @Override
            public String getLocalHostName() {
                return "localhost";
            }

            @Override
            public int getIndexOfSubtask() {
                return 0;
            }

            @Override
            public void sendSplitRequest() {}

            @Override
            public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {
                toCoordinator.accept(sourceEvent);
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return new UserCodeClassLoader() {
                    @Override
                    public ClassLoader asClassLoader() {
                        return EventDecoderTest.class.getClassLoader();
                    }

                    @Override
                    public void registerReleaseHookIfAbsent(
                            String releaseHookName, Runnable releaseHook) {}
                };
            }
        };
    }
}
