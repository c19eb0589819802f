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
package io.pravega.connectors.flink.e2e;

import io.pravega.client.BatchClientFactory;
import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.batch.SegmentIterator;
import io.pravega.client.batch.SegmentRange;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.UTF8StringSerializer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a plain Pravega application sees in the streams the jobs write: committed events only. */
final class PravegaStreams {

    /** Pravega keeps a reader group's state in a stream named with this prefix. */
    private static final String READER_GROUP_STREAM_PREFIX = "_RG";

    private final ClientConfig clientConfig;

    PravegaStreams(ClientConfig clientConfig) {
        this.clientConfig = clientConfig;
    }

    /** Every event of the stream now, as text, in no particular order. */
    List<String> read(String scope, String stream) {
        List<String> events = new ArrayList<>();
        UTF8StringSerializer serializer = new UTF8StringSerializer();
        try (StreamManager manager = StreamManager.create(clientConfig)) {
            if (!manager.checkStreamExists(scope, stream)) {
                return events;
            }
        }
        try (BatchClientFactory batch = BatchClientFactory.withScope(scope, clientConfig)) {
            Iterator<SegmentRange> ranges =
                    batch.getSegments(
                                    Stream.of(scope, stream),
                                    StreamCut.UNBOUNDED,
                                    StreamCut.UNBOUNDED)
                            .getIterator();
            while (ranges.hasNext()) {
                try (SegmentIterator<String> segment =
                        batch.readSegment(ranges.next(), serializer)) {
                    segment.forEachRemaining(events::add);
                }
            }
        }
        return events;
    }

    /** How often each event occurs: a validator's view, where every count must be 1. */
    static Map<String, Long> counts(List<String> events) {
        return events.stream()
                .collect(
                        Collectors.groupingBy(
                                Function.identity(), TreeMap::new, Collectors.counting()));
    }

    /** Reader groups that exist in the scope (each keeps its state in a stream of its own). */
    List<String> readerGroups(String scope) {
        List<String> groups = new ArrayList<>();
        try (StreamManager manager = StreamManager.create(clientConfig)) {
            Iterator<Stream> streams = manager.listStreams(scope);
            while (streams.hasNext()) {
                String name = streams.next().getStreamName();
                if (name.startsWith(READER_GROUP_STREAM_PREFIX)) {
                    groups.add(name.substring(READER_GROUP_STREAM_PREFIX.length()));
                }
            }
        }
        return groups;
    }

    /** Appends events, as a plain Pravega application writes them. */
    void write(String scope, String stream, List<String> events) {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, clientConfig);
                EventStreamWriter<String> writer =
                        factory.createEventWriter(
                                stream,
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            events.forEach(writer::writeEvent);
            writer.flush();
        }
    }

    void seal(String scope, String stream) {
        try (StreamManager manager = StreamManager.create(clientConfig)) {
            manager.sealStream(scope, stream);
        }
    }
}
