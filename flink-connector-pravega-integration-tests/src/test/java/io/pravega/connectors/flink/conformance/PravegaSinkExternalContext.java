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
package io.pravega.connectors.flink.conformance;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaWriterMode;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.ExternalSystemDataReader;
import org.apache.flink.connector.testframe.external.sink.DataStreamSinkV2ExternalContext;
import org.apache.flink.connector.testframe.external.sink.TestingSinkSettings;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One Pravega stream per test case, written by {@link FlinkPravegaWriter} and read back by plain
 * Pravega readers, which see committed transactions only, as any consumer would.
 *
 * <p>The suite's {@code EXACTLY_ONCE} runs the writer in {@link PravegaWriterMode#EXACTLY_ONCE}
 * (transactions), its {@code AT_LEAST_ONCE} in {@link PravegaWriterMode#ATLEAST_ONCE}.
 */
public final class PravegaSinkExternalContext implements DataStreamSinkV2ExternalContext<String> {

    private static final int SEGMENTS = 2;

    private final Stream stream;
    private final PravegaTestResource pravega;
    private final List<DataReader> readers = new ArrayList<>();

    PravegaSinkExternalContext(PravegaTestResource pravega, String testName) {
        this.pravega = pravega;
        this.stream = pravega.createStream(testName, SEGMENTS);
    }

    /** Creates a context per test case. */
    public static ExternalContextFactory<PravegaSinkExternalContext> factory(
            PravegaTestResource pravega) {
        return testName -> new PravegaSinkExternalContext(pravega, testName);
    }

    @Override
    public Sink<String> createSink(TestingSinkSettings settings) {
        return FlinkPravegaWriter.<String>builder()
                .withPravegaConfig(pravega.getPravegaConfig())
                .forStream(stream)
                .withSerializationSchema(new SimpleStringSchema())
                .withWriterMode(writerMode(checkpointingMode(settings)))
                // The savepoint cases run their first job without checkpointing and expect
                // stop-with-savepoint to commit; the writer rejects that unless told it is meant.
                .allowExactlyOnceWithoutCheckpointing(
                        checkpointingMode(settings)
                                == org.apache.flink.streaming.api.CheckpointingMode.EXACTLY_ONCE)
                .build();
    }

    /** The settings offer only the deprecated mode type, so that is what is mapped here. */
    @SuppressWarnings("deprecation")
    private static PravegaWriterMode writerMode(
            org.apache.flink.streaming.api.CheckpointingMode mode) {
        switch (mode) {
            case EXACTLY_ONCE:
                return PravegaWriterMode.EXACTLY_ONCE;
            case AT_LEAST_ONCE:
                return PravegaWriterMode.ATLEAST_ONCE;
            default:
                throw new UnsupportedOperationException("No writer mode for " + mode);
        }
    }

    @SuppressWarnings("deprecation")
    private static org.apache.flink.streaming.api.CheckpointingMode checkpointingMode(
            TestingSinkSettings settings) {
        return settings.getCheckpointingMode();
    }

    @Override
    public synchronized ExternalSystemDataReader<String> createSinkDataReader(
            TestingSinkSettings settings) {
        DataReader reader = new DataReader("check-" + readers.size());
        readers.add(reader);
        return reader;
    }

    @Override
    public List<String> generateTestData(TestingSinkSettings settings, long seed) {
        return TestStrings.generate("record", seed);
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return Collections.emptyList();
    }

    /** The suites do not close their data readers, so the context does. */
    @Override
    public synchronized void close() {
        readers.forEach(DataReader::close);
        readers.clear();
    }

    /** Reads the stream from its head in a reader group of its own, deleted on close. */
    private final class DataReader implements ExternalSystemDataReader<String> {

        private final String group;
        private final ReaderGroupManager groups;
        private final EventStreamClientFactory clients;
        private final EventStreamReader<String> reader;

        DataReader(String name) {
            this.group = stream.getStreamName() + "-" + name;
            this.groups =
                    ReaderGroupManager.withScope(stream.getScope(), pravega.getClientConfig());
            this.clients =
                    EventStreamClientFactory.withScope(
                            stream.getScope(), pravega.getClientConfig());
            groups.createReaderGroup(
                    group,
                    ReaderGroupConfig.builder().stream(stream).groupRefreshTimeMillis(100).build());
            this.reader =
                    clients.createReader(
                            name,
                            group,
                            new UTF8StringSerializer(),
                            ReaderConfig.builder().build());
        }

        /** Returns what arrives within {@code timeout}, early once a read finds nothing new. */
        @Override
        public List<String> poll(Duration timeout) {
            List<String> events = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            long remainingMs;
            while ((remainingMs = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                EventRead<String> read = reader.readNextEvent(remainingMs);
                if (read.getEvent() != null) {
                    events.add(read.getEvent());
                } else if (!read.isCheckpoint()) {
                    break;
                }
            }
            return events;
        }

        @Override
        public void close() {
            reader.close();
            groups.deleteReaderGroup(group);
            groups.close();
            clients.close();
        }
    }
}
