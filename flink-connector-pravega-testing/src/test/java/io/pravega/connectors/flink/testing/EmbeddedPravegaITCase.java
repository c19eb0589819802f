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
package io.pravega.connectors.flink.testing;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.PravegaConfig;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One embedded cluster, shared by this class and its nested class. */
class EmbeddedPravegaITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @Test
    void writesAndReadsThroughPravegaConfig() {
        Stream stream = PRAVEGA.createStream(3);
        PravegaConfig config = PRAVEGA.getPravegaConfig();
        // The unqualified name resolves against the extension's scope.
        assertThat(config.resolve(stream.getStreamName())).isEqualTo(stream);

        List<String> written =
                IntStream.range(0, 100).mapToObj(i -> "event-" + i).collect(Collectors.toList());
        write(config.getClientConfig(), stream, written);
        assertThat(readAll(config.getClientConfig(), stream, written.size()))
                .containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void createsUniquelyNamedScopesAndStreams() {
        String scopeA = PRAVEGA.createScope();
        String scopeB = PRAVEGA.createScope();
        Stream first = PRAVEGA.createStream(1);
        Stream second = PRAVEGA.createStream(4);

        assertThat(scopeA).isNotEqualTo(scopeB);
        assertThat(first).isNotEqualTo(second);
        try (StreamManager streamManager = StreamManager.create(PRAVEGA.getClientConfig())) {
            assertThat(streamManager.checkScopeExists(scopeA)).isTrue();
            assertThat(streamManager.checkScopeExists(scopeB)).isTrue();
            assertThat(streamManager.checkStreamExists(first.getScope(), first.getStreamName()))
                    .isTrue();
            assertThat(
                            streamManager
                                    .fetchStreamInfo(second.getScope(), second.getStreamName())
                                    .join()
                                    .getTailStreamCut()
                                    .asImpl()
                                    .getPositions())
                    .hasSize(4);
        }
    }

    /** bin/pravega-standalone: a controller port that is taken fails at once, and says so. */
    @Test
    void anExactControllerPortThatIsTakenFailsTheStartClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(
                            () -> EmbeddedPravega.builder().withExactControllerPort(port).start())
                    .isInstanceOf(EmbeddedPravega.PortTakenException.class)
                    .hasMessageContaining("Port " + port + " is taken")
                    .hasMessageContaining("choose another controller port");
        }
    }

    @Test
    void configPointsAtTheRunningController() {
        PravegaConfig config = PRAVEGA.getPravegaConfig();
        assertThat(config.getControllerURI()).isEqualTo(PRAVEGA.getControllerURI());
        assertThat(config.getControllerURI().getScheme()).isEqualTo("tcp");
        assertThat(config.getDefaultScope()).isEqualTo(PRAVEGA.getScope());
    }

    @Nested
    class NestedTests {
        @Test
        void sharesTheOuterCluster() {
            Stream stream = PRAVEGA.createStream(1);
            write(PRAVEGA.getClientConfig(), stream, List.of("nested"));
            assertThat(readAll(PRAVEGA.getClientConfig(), stream, 1)).containsExactly("nested");
        }
    }

    static void write(ClientConfig clientConfig, Stream stream, List<String> events) {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                EventStreamWriter<String> writer =
                        factory.createEventWriter(
                                stream.getStreamName(),
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            for (String event : events) {
                writer.writeEvent(event, event);
            }
            writer.flush();
        }
    }

    static List<String> readAll(ClientConfig clientConfig, Stream stream, int expected) {
        String group = "rg-" + System.nanoTime();
        List<String> events = new ArrayList<>();
        try (ReaderGroupManager groups =
                ReaderGroupManager.withScope(stream.getScope(), clientConfig)) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(stream).build());
            try (EventStreamClientFactory factory =
                            EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                    EventStreamReader<String> reader =
                            factory.createReader(
                                    "reader",
                                    group,
                                    new UTF8StringSerializer(),
                                    ReaderConfig.builder().build())) {
                // Stop after the expected count plus one empty read, so that extra events are seen.
                EventRead<String> read;
                do {
                    read = reader.readNextEvent(events.size() < expected ? 5_000 : 500);
                    if (read.getEvent() != null) {
                        events.add(read.getEvent());
                    }
                } while (read.getEvent() != null || read.isCheckpoint());
            } finally {
                groups.deleteReaderGroup(group);
            }
        }
        return events;
    }
}
