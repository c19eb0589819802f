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
package io.pravega.connectors.flink.examples;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the output stream as any Pravega reader would (committed events only) and compares it with
 * what the generator must have produced: every window once, each with exactly its readings.
 */
final class DemoVerdict {

    private final long events;
    private final Map<String, WindowTotal> expected = new HashMap<>();
    private final Map<String, Integer> seen = new HashMap<>();
    private final Map<String, WindowTotal> firstSeen = new HashMap<>();

    DemoVerdict(long events, int sensors, long windowMillis) {
        this.events = events;
        SensorGenerator generator = new SensorGenerator(events, sensors, 1);
        for (long i = 0; i < events; i++) {
            long timestamp = generator.timestamp(i);
            WindowTotal window =
                    new WindowTotal(
                            generator.sensor(i),
                            timestamp - Math.floorMod(timestamp, windowMillis));
            expected.computeIfAbsent(window.key(), key -> window)
                    .add(new SensorReading(window.sensor, i, timestamp, (i * 7919 % 1000) / 10.0));
        }
    }

    int expectedWindows() {
        return expected.size();
    }

    /**
     * Reads the output until every expected window arrived and nothing more comes for two seconds,
     * or until the timeout; {@code whileReading} runs between reads.
     */
    void readOutput(
            ClientConfig clientConfig, Stream output, Duration timeout, Runnable whileReading) {
        String group = "demo-verdict-" + UUID.randomUUID().toString().substring(0, 8);
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(output.getScope(), clientConfig);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(output.getScope(), clientConfig)) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(output).build());
            try (EventStreamReader<String> reader =
                    clients.createReader(
                            "verdict",
                            group,
                            new UTF8StringSerializer(),
                            ReaderConfig.builder().build())) {
                long deadline = System.nanoTime() + timeout.toNanos();
                long quietSince = System.nanoTime();
                while (System.nanoTime() < deadline) {
                    EventRead<String> read = reader.readNextEvent(200);
                    if (read.getEvent() != null) {
                        record(WindowTotal.parse(read.getEvent()));
                        quietSince = System.nanoTime();
                    } else if (firstSeen.size() >= expected.size()
                            && System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
                        break;
                    }
                    whileReading.run();
                }
            } finally {
                groups.deleteReaderGroup(group);
            }
        }
    }

    private void record(WindowTotal window) {
        seen.merge(window.key(), 1, Integer::sum);
        firstSeen.putIfAbsent(window.key(), window);
        DemoProgress.WINDOWS_OUT.set(firstSeen.size());
    }

    /** Prints the verdict; true if every event is counted exactly once. */
    boolean print(boolean failureInjected) {
        long eventsOut = 0;
        long wrongWindows = 0;
        for (WindowTotal window : firstSeen.values()) {
            eventsOut += window.count;
            WindowTotal want = expected.get(window.key());
            if (want == null || want.count != window.count || want.seqSum != window.seqSum) {
                wrongWindows++;
            }
        }
        long duplicates = 0;
        for (int times : seen.values()) {
            duplicates += times - 1;
        }
        long missingWindows =
                expected.keySet().stream().filter(key -> !firstSeen.containsKey(key)).count();
        long missing = Math.max(0, events - eventsOut);
        long late = DemoProgress.LATE.get();
        boolean ok =
                duplicates == 0
                        && missing == 0
                        && wrongWindows == 0
                        && missingWindows == 0
                        && eventsOut == events
                        && late == 0;
        System.out.println();
        System.out.printf(
                "events in: %,d   events out: %,d   duplicates: %,d   missing: %,d%n",
                events, eventsOut, duplicates, missing);
        System.out.printf(
                "windows: %,d expected, %,d committed, %,d missing, %,d with wrong contents%n",
                expected.size(), firstSeen.size(), missingWindows, wrongWindows);
        System.out.printf("readings the event-time windows dropped as late: %,d%n", late);
        System.out.println(
                (ok
                                ? "VERDICT: OK - every event counted exactly once"
                                        + (failureInjected ? ", despite the failure" : "")
                                : "VERDICT: FAILED")
                        + String.format(" (duplicates %d, missing %d)", duplicates, missing));
        return ok;
    }
}
