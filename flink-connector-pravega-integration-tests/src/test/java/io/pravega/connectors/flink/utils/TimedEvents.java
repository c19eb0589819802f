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
import io.pravega.client.stream.impl.StreamSegments;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events with event times, from two writers that note time as they go, so that Pravega computes the
 * stream's time windows. One writer is dense (100 events per 100 ms of event time), the other
 * sparse (10); each writes to its own segment. A reader that reads both segments round-robin
 * therefore sees the sparse writer's event times run far ahead of the dense writer's.
 *
 * <p>Event time runs from 0 to {@link #END_TIME}, paced at wall-clock speed, so that the controller
 * (computing time windows every second on the embedded cluster) makes several.
 */
public final class TimedEvents {

    public static final long WINDOW_MILLIS = 1_000;
    public static final int WINDOWS = 5;
    private static final int STEP_MILLIS = 100;
    private static final int STEPS = (int) (WINDOWS * WINDOW_MILLIS / STEP_MILLIS);
    private static final int DENSE_PER_STEP = 100;
    private static final int SPARSE_PER_STEP = 10;

    /** Events in each window: both writers. */
    public static final long PER_WINDOW =
            (DENSE_PER_STEP + SPARSE_PER_STEP) * (WINDOW_MILLIS / STEP_MILLIS);

    public static final long TOTAL = PER_WINDOW * WINDOWS;

    /** The last event time; the writers' last noted time, so that the last window closes. */
    public static final long END_TIME = WINDOWS * WINDOW_MILLIS - 1;

    private static final int FINAL_NOTES = 20;

    private TimedEvents() {}

    /** The integer event of writer 0 (dense) or 1 (sparse) at an event time. */
    public static int integerEvent(int writer, long time) {
        return (int) (time * 10 + writer);
    }

    public static long timeOf(int integerEvent) {
        return integerEvent / 10;
    }

    /** A JSON event with columns {@code w INT} (writer) and {@code ts BIGINT} (event time, ms). */
    public static byte[] jsonEvent(int writer, long time) {
        return ("{\"w\":" + writer + ",\"ts\":" + time + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Each window's start and its count of events: what every correct windowing yields. */
    public static Map<Long, Long> expectedWindowCounts() {
        Map<Long, Long> counts = new TreeMap<>();
        for (int i = 0; i < WINDOWS; i++) {
            counts.put(i * WINDOW_MILLIS, PER_WINDOW);
        }
        return counts;
    }

    /**
     * Writes all events into a stream of two segments, [0, 0.5) and [0.5, 1), in about 7 s.
     *
     * @param halfway runs after half of the events (e.g. a scale), or null
     */
    public static void write(
            ClientConfig clientConfig,
            Stream stream,
            EventEncoder encoder,
            @Nullable Runnable halfway)
            throws InterruptedException {
        String[] keys = keysOfEachHalf(clientConfig, stream);
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                EventStreamWriter<byte[]> dense = writer(factory, stream);
                EventStreamWriter<byte[]> sparse = writer(factory, stream)) {
            long start = System.nanoTime();
            for (int step = 0; step < STEPS; step++) {
                long base = (long) step * STEP_MILLIS;
                for (int i = 0; i < DENSE_PER_STEP; i++) {
                    dense.writeEvent(
                            keys[0], encoder.encode(0, base + i * (STEP_MILLIS / DENSE_PER_STEP)));
                }
                for (int i = 0; i < SPARSE_PER_STEP; i++) {
                    sparse.writeEvent(
                            keys[1], encoder.encode(1, base + i * (STEP_MILLIS / SPARSE_PER_STEP)));
                }
                dense.flush();
                sparse.flush();
                // Every later event of either writer is after this time.
                dense.noteTime(base + STEP_MILLIS - 1);
                sparse.noteTime(base + STEP_MILLIS - 1);
                if (halfway != null && step == STEPS / 2 - 1) {
                    halfway.run();
                }
                sleepUntil(start + (step + 1) * STEP_MILLIS * 1_000_000L);
            }
            // The controller needs a round after the last note to give readers its time window.
            for (int i = 0; i < FINAL_NOTES; i++) {
                dense.noteTime(END_TIME);
                sparse.noteTime(END_TIME);
                Thread.sleep(STEP_MILLIS);
            }
        }
    }

    /** Makes the bytes of one event. */
    public interface EventEncoder {
        byte[] encode(int writer, long time);

        /** Integer events, as {@link IntegerSerializer} writes them. */
        static EventEncoder integers() {
            return (writer, time) ->
                    new IntegerSerializer().serialize(integerEvent(writer, time)).array();
        }
    }

    private static EventStreamWriter<byte[]> writer(
            EventStreamClientFactory factory, Stream stream) {
        return factory.createEventWriter(
                stream.getStreamName(),
                new ByteArraySerializer(),
                EventWriterConfig.builder().build());
    }

    /** A routing key in the lower and one in the upper half of the key space. */
    private static String[] keysOfEachHalf(ClientConfig clientConfig, Stream stream) {
        return StreamScaling.withController(
                clientConfig,
                (controller, executor) -> {
                    StreamSegments segments =
                            controller
                                    .getCurrentSegments(stream.getScope(), stream.getStreamName())
                                    .join();
                    long lower = segments.getSegmentForKey(0.1).getSegmentId();
                    long upper = segments.getSegmentForKey(0.9).getSegmentId();
                    String[] keys = new String[2];
                    for (int i = 0; keys[0] == null || keys[1] == null; i++) {
                        String key = "key-" + i;
                        long segment = segments.getSegmentForKey(key).getSegmentId();
                        if (segment == lower && keys[0] == null) {
                            keys[0] = key;
                        } else if (segment == upper && keys[1] == null) {
                            keys[1] = key;
                        }
                    }
                    return keys;
                });
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
