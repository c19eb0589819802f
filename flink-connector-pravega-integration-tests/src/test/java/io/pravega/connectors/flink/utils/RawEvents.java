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
package io.pravega.connectors.flink.utils;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventPointer;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Serializer;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/** Writes and reads events with the raw Pravega client, as any other application would. */
public final class RawEvents {

    private RawEvents() {}

    /**
     * Writes UTF-8 events, each under the routing key {@code keys} gives it (null: none), durably.
     */
    public static void writeStrings(
            ClientConfig clientConfig,
            Stream stream,
            List<String> events,
            Function<String, String> keys) {
        write(clientConfig, stream, new UTF8StringSerializer(), events, keys);
    }

    /** Writes events with {@code serializer}, each under the routing key {@code keys} gives it. */
    public static <T> void write(
            ClientConfig clientConfig,
            Stream stream,
            Serializer<T> serializer,
            List<T> events,
            Function<T, String> keys) {
        try (EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                EventStreamWriter<T> writer =
                        clients.createEventWriter(
                                stream.getStreamName(),
                                serializer,
                                EventWriterConfig.builder().build())) {
            for (T event : events) {
                String key = keys.apply(event);
                if (key == null) {
                    writer.writeEvent(event);
                } else {
                    writer.writeEvent(key, event);
                }
            }
            writer.flush();
        }
    }

    /**
     * Reads UTF-8 events until {@code expected} arrived (or the deadline passed), then one quiet
     * second more.
     */
    public static List<String> readStrings(
            ClientConfig clientConfig, Stream stream, int expected, Duration deadline) {
        return read(
                clientConfig,
                stream,
                new UTF8StringSerializer(),
                events -> events.size() >= expected,
                deadline);
    }

    /**
     * Reads committed events in a reader group of its own until {@code enough} holds (or the
     * deadline passed), then for one more quiet second, so that duplicates show up too.
     */
    public static <T> List<T> read(
            ClientConfig clientConfig,
            Stream stream,
            Serializer<T> serializer,
            Predicate<List<T>> enough,
            Duration deadline) {
        String group = "check-" + UUID.randomUUID().toString().substring(0, 8);
        List<T> events = new ArrayList<>();
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(stream.getScope(), clientConfig);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig)) {
            groups.createReaderGroup(
                    group,
                    ReaderGroupConfig.builder().stream(stream).groupRefreshTimeMillis(100).build());
            try (EventStreamReader<T> reader =
                    clients.createReader(
                            "check", group, serializer, ReaderConfig.builder().build())) {
                long end = System.nanoTime() + deadline.toNanos();
                long quietSince = -1;
                while (System.nanoTime() < end) {
                    EventRead<T> read = reader.readNextEvent(200);
                    if (read.getEvent() != null) {
                        events.add(read.getEvent());
                        quietSince = -1;
                    } else if (!read.isCheckpoint() && enough.test(events)) {
                        if (quietSince < 0) {
                            quietSince = System.nanoTime();
                        } else if (System.nanoTime() - quietSince
                                > Duration.ofSeconds(1).toNanos()) {
                            break;
                        }
                    }
                }
            } finally {
                groups.deleteReaderGroup(group);
            }
        }
        return events;
    }

    /** Fetches the events that serialized {@link EventPointer}s point to, in order. */
    public static <T> List<T> fetch(
            ClientConfig clientConfig,
            Stream stream,
            Serializer<T> serializer,
            List<byte[]> pointers) {
        String group = "fetch-" + UUID.randomUUID().toString().substring(0, 8);
        List<T> events = new ArrayList<>();
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(stream.getScope(), clientConfig);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig)) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(stream).build());
            try (EventStreamReader<T> fetcher =
                    clients.createReader(
                            "fetcher", group, serializer, ReaderConfig.builder().build())) {
                for (byte[] pointer : pointers) {
                    events.add(
                            fetcher.fetchEvent(EventPointer.fromBytes(ByteBuffer.wrap(pointer))));
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not fetch an event by its pointer", e);
            } finally {
                groups.deleteReaderGroup(group);
            }
        }
        return events;
    }
}
