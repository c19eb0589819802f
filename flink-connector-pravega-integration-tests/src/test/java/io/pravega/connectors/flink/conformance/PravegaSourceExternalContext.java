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
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.FlinkPravegaReader;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One Pravega stream per test case, read by {@link FlinkPravegaReader}.
 *
 * <p>A split of the framework is a routing key: Pravega keeps the order of the events of one key,
 * across segments and scaling, which is what the suites check per split. The stream has 4 segments,
 * so several splits are read in parallel. A bounded source reads to the tail as it is when the job
 * starts, because the suites create the source before they write the data.
 */
public final class PravegaSourceExternalContext implements DataStreamSourceExternalContext<String> {

    private static final int SEGMENTS = 4;

    private final Stream stream;
    private final PravegaTestResource pravega;
    private final EventStreamClientFactory clients;
    private final List<SplitWriter> writers = new ArrayList<>();

    PravegaSourceExternalContext(PravegaTestResource pravega, String testName) {
        this.pravega = pravega;
        this.stream = pravega.createStream(testName, SEGMENTS);
        this.clients =
                EventStreamClientFactory.withScope(stream.getScope(), pravega.getClientConfig());
    }

    /** Creates a context per test case. */
    public static ExternalContextFactory<PravegaSourceExternalContext> factory(
            PravegaTestResource pravega) {
        return testName -> new PravegaSourceExternalContext(pravega, testName);
    }

    @Override
    public Source<String, ?, ?> createSource(TestingSourceSettings settings) {
        FlinkPravegaReader.Builder<String> builder =
                FlinkPravegaReader.<String>builder()
                        .withPravegaConfig(pravega.getPravegaConfig())
                        .forStream(stream)
                        .withDeserializationSchema(new SimpleStringSchema());
        if (settings.getBoundedness() == Boundedness.BOUNDED) {
            builder.boundedToTail();
        }
        // The suite's at-least-once cases run the reader that never holds at checkpoints. (By name:
        // the mode's class moved between Flink versions.)
        return builder.withDeliveryGuarantee(
                        "AT_LEAST_ONCE".equals(settings.getCheckpointingMode().name())
                                ? DeliveryGuarantee.AT_LEAST_ONCE
                                : DeliveryGuarantee.EXACTLY_ONCE)
                .build();
    }

    @Override
    public synchronized ExternalSystemSplitDataWriter<String> createSourceSplitDataWriter(
            TestingSourceSettings settings) {
        SplitWriter writer = new SplitWriter("split-" + writers.size());
        writers.add(writer);
        return writer;
    }

    @Override
    public List<String> generateTestData(
            TestingSourceSettings settings, int splitIndex, long seed) {
        return TestStrings.generate("split" + splitIndex, seed);
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return Collections.emptyList();
    }

    @Override
    public synchronized void close() {
        writers.forEach(SplitWriter::close);
        writers.clear();
        clients.close();
    }

    /** Writes one split's records under its own routing key, durably before returning. */
    private final class SplitWriter implements ExternalSystemSplitDataWriter<String> {

        private final String routingKey;
        private final EventStreamWriter<String> writer;

        SplitWriter(String routingKey) {
            this.routingKey = routingKey;
            this.writer =
                    clients.createEventWriter(
                            stream.getStreamName(),
                            new UTF8StringSerializer(),
                            EventWriterConfig.builder().build());
        }

        @Override
        public void writeRecords(List<String> records) {
            records.forEach(record -> writer.writeEvent(routingKey, record));
            writer.flush();
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
