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

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Position;
import io.pravega.client.stream.impl.PositionImpl;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long a reader's finished segments waited to be released: from the first position in
 * which a sealed segment shows as read to its end, to the first position without it. A position is
 * looked at no more often than every sample period, so this costs nothing per event. Used by the
 * fetcher thread only; {@link #lastWaitMillis()} may be read from any thread.
 */
@Internal
final class SegmentReleaseWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentReleaseWatch.class);
    static final long SAMPLE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String readerId;

    /** Finished segments not yet released, with when they were first seen finished. */
    private final Map<Segment, Long> finishedSince = new HashMap<>();

    private long lastSampleNanos;
    private volatile long lastWaitMillis = -1;

    SegmentReleaseWatch(String readerId) {
        this.readerId = readerId;
    }

    /** Looks at the position if the sample period has passed, or if {@code always}. */
    void observe(Position position, long nowNanos, boolean always) {
        if (position == null
                || (!always && nowNanos - lastSampleNanos < SAMPLE_PERIOD_NANOS)
                || !(position.asImpl() instanceof PositionImpl)) {
            return;
        }
        lastSampleNanos = nowNanos;
        Set<Segment> finished = ((PositionImpl) position.asImpl()).getCompletedSegments();
        for (Iterator<Map.Entry<Segment, Long>> it = finishedSince.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Segment, Long> entry = it.next();
            if (!finished.contains(entry.getKey())) {
                long waited = TimeUnit.NANOSECONDS.toMillis(nowNanos - entry.getValue());
                lastWaitMillis = waited;
                LOG.info(
                        "Pravega reader {} released finished segment {} {} ms after reading it to its end",
                        readerId,
                        entry.getKey().getScopedName(),
                        waited);
                it.remove();
            }
        }
        for (Segment segment : finished) {
            finishedSince.putIfAbsent(segment, nowNanos);
        }
    }

    /** How long the last released segment waited, in milliseconds; -1 before the first release. */
    long lastWaitMillis() {
        return lastWaitMillis;
    }
}
