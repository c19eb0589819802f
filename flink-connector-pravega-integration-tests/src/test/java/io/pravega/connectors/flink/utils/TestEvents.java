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
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.ByteArraySerializer;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;

/** Writes integer test events with the raw Pravega client. */
public final class TestEvents {

    /** Events of one key are written in increasing order, so readers can check per-key order. */
    public static final int KEYS = 7;

    private TestEvents() {}

    public static String routingKey(int value) {
        return "key-" + (value % KEYS);
    }

    /** Writes {@code from} (inclusive) to {@code to} (exclusive), routed by {@link #routingKey}. */
    public static void writeIntegers(ClientConfig clientConfig, Stream stream, int from, int to) {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                EventStreamWriter<Integer> writer =
                        factory.createEventWriter(
                                stream.getStreamName(),
                                new IntegerSerializer(),
                                EventWriterConfig.builder().build())) {
            for (int i = from; i < to; i++) {
                writer.writeEvent(routingKey(i), i);
            }
            writer.flush();
        }
    }

    /**
     * As {@link #writeIntegers}, at a steady {@code perSecond}, flushing every 10 ms: a live
     * source.
     */
    public static void writeIntegersSteadily(
            ClientConfig clientConfig, Stream stream, int from, int to, int perSecond)
            throws InterruptedException {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                EventStreamWriter<Integer> writer =
                        factory.createEventWriter(
                                stream.getStreamName(),
                                new IntegerSerializer(),
                                EventWriterConfig.builder().build())) {
            long start = System.nanoTime();
            int perTick = Math.max(1, perSecond / 100);
            for (int i = from; i < to; i++) {
                writer.writeEvent(routingKey(i), i);
                if ((i - from + 1) % perTick == 0) {
                    writer.flush();
                    long due = start + (i - from + 1) * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            writer.flush();
        }
    }

    /** Writes one raw event, e.g. one that the integer schema cannot read. */
    public static void writeBytes(ClientConfig clientConfig, Stream stream, byte[] event) {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                EventStreamWriter<byte[]> writer =
                        factory.createEventWriter(
                                stream.getStreamName(),
                                new ByteArraySerializer(),
                                EventWriterConfig.builder().build())) {
            writer.writeEvent(event);
            writer.flush();
        }
    }

    public static PravegaDeserializationSchema<Integer> integerSchema() {
        return new PravegaDeserializationSchema<>(Integer.class, new IntegerSerializer());
    }
}
