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
package io.pravega.connectors.flink.source.reader.readergroup;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.TimeWindow;

import org.apache.flink.annotation.Internal;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Turns the time windows of a reader's streams into watermarks: the smallest lower bound, less the
 * allowed lateness, and only when it advanced. Pravega's windows hold for the whole reader group,
 * so every reader, with segments or without, gets the same watermark, though each sees the group's
 * newest positions only every few seconds.
 */
@Internal
final class TimeWindowWatermarks {

    private final List<Stream> streams;
    private final long latenessMillis;
    private long last = Long.MIN_VALUE;

    TimeWindowWatermarks(List<Stream> streams, Duration lateness) {
        this.streams = List.copyOf(streams);
        this.latenessMillis = lateness.toMillis();
    }

    /**
     * The next watermark, or empty if it did not advance or a stream has no time window yet (its
     * writers noted no time so far): that stream's events could be older than any other bound.
     */
    OptionalLong advance(Function<Stream, TimeWindow> windows) {
        long lowest = Long.MAX_VALUE;
        for (Stream stream : streams) {
            Long lower = windows.apply(stream).getLowerTimeBound();
            if (lower == null) {
                return OptionalLong.empty();
            }
            lowest = Math.min(lowest, lower);
        }
        long watermark =
                lowest < Long.MIN_VALUE + latenessMillis ? Long.MIN_VALUE : lowest - latenessMillis;
        if (watermark <= last) {
            return OptionalLong.empty();
        }
        last = watermark;
        return OptionalLong.of(watermark);
    }
}
