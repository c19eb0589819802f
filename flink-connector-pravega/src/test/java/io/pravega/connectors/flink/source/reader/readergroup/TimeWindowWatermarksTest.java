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

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class TimeWindowWatermarksTest {

    private static final Stream FIRST = Stream.of("scope", "first");
    private static final Stream SECOND = Stream.of("scope", "second");

    private final Map<Stream, TimeWindow> windows = new HashMap<>();

    private void lowerBounds(Long first, Long second) {
        windows.put(FIRST, new TimeWindow(first, null));
        windows.put(SECOND, new TimeWindow(second, null));
    }

    @Test
    void theSmallestLowerBoundOnceEveryStreamHasAWindow() {
        TimeWindowWatermarks watermarks =
                new TimeWindowWatermarks(List.of(FIRST, SECOND), Duration.ZERO);

        lowerBounds(1_000L, null);
        assertThat(watermarks.advance(windows::get))
                .as("second stream without a window yet")
                .isEmpty();
        lowerBounds(1_000L, 700L);
        assertThat(watermarks.advance(windows::get)).isEqualTo(OptionalLong.of(700));
        lowerBounds(2_000L, 1_500L);
        assertThat(watermarks.advance(windows::get)).isEqualTo(OptionalLong.of(1_500));
    }

    @Test
    void onlyWhenItAdvances() {
        TimeWindowWatermarks watermarks =
                new TimeWindowWatermarks(List.of(FIRST, SECOND), Duration.ZERO);
        lowerBounds(1_000L, 1_000L);
        assertThat(watermarks.advance(windows::get)).isEqualTo(OptionalLong.of(1_000));

        assertThat(watermarks.advance(windows::get)).as("unchanged").isEmpty();
        lowerBounds(900L, 1_200L);
        assertThat(watermarks.advance(windows::get))
                .as("a stream's bound below the last watermark")
                .isEmpty();
        lowerBounds(1_100L, 1_200L);
        assertThat(watermarks.advance(windows::get)).isEqualTo(OptionalLong.of(1_100));
    }

    @Test
    void theAllowedLatenessIsSubtractedWithoutOverflow() {
        TimeWindowWatermarks watermarks =
                new TimeWindowWatermarks(List.of(FIRST), Duration.ofSeconds(2));
        windows.put(FIRST, new TimeWindow(Long.MIN_VALUE + 1_000, null));
        assertThat(watermarks.advance(windows::get))
                .as("would underflow: stays at the minimum")
                .isEmpty();
        windows.put(FIRST, new TimeWindow(10_000L, null));
        assertThat(watermarks.advance(windows::get)).isEqualTo(OptionalLong.of(8_000));
    }
}
