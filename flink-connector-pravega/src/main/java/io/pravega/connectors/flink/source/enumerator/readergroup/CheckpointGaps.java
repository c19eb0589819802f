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
package io.pravega.connectors.flink.source.enumerator.readergroup;

import io.pravega.client.control.impl.Controller;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.SegmentWithRange;
import io.pravega.client.stream.impl.StreamCutImpl;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Fills the gaps that a reader-group checkpoint's positions can have after a scale, before a reader
 * group restarts from them.
 *
 * <p>A checkpoint records the segments readers own and the unassigned ones, but not a segment whose
 * successor waits for another predecessor: when segment A was read to its end and released, and its
 * sibling B (with the same successor C) was not yet, the positions hold B only. A group reset to
 * them reads B, then waits forever for A before C becomes readable (Pravega 0.13's {@code
 * ReaderGroupState} tracks C's missing predecessors only in the group it was computed in). Such a
 * gap is a predecessor of a segment that follows the positions which is itself neither in the
 * positions nor after them; every unread segment is one or the other, so the gap was read
 * completely, and goes back into the positions as completed (offset -1, as Pravega marks segments
 * read to their end). Readers then release it at once, and C follows.
 */
@Internal
public final class CheckpointGaps {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointGaps.class);
    private static final long COMPLETED = -1L;

    private CheckpointGaps() {}

    /** The positions with every gap filled; streams that end at a cut are left as they are. */
    public static Map<Stream, StreamCut> fill(
            Controller controller,
            Map<Stream, StreamCut> positions,
            Map<Stream, StreamCut> endCuts,
            Duration timeout)
            throws Exception {
        Map<Stream, StreamCut> filled = new LinkedHashMap<>();
        for (Map.Entry<Stream, StreamCut> entry : positions.entrySet()) {
            Stream stream = entry.getKey();
            StreamCut cut = entry.getValue();
            boolean unboundedEnd =
                    StreamCut.UNBOUNDED.equals(endCuts.getOrDefault(stream, StreamCut.UNBOUNDED));
            filled.put(
                    stream,
                    unboundedEnd && !StreamCut.UNBOUNDED.equals(cut)
                            ? fill(controller, stream, cut, timeout)
                            : cut);
        }
        return filled;
    }

    private static StreamCut fill(
            Controller controller, Stream stream, StreamCut cut, Duration timeout)
            throws Exception {
        Map<Segment, Long> positions = cut.asImpl().getPositions();
        Set<Long> known = new HashSet<>();
        for (Segment segment : positions.keySet()) {
            known.add(segment.getSegmentId());
        }
        Set<Long> gaps = new TreeSet<>();
        Set<Long> followers = new HashSet<>();
        Map<Long, List<Long>> predecessorsOf = new HashMap<>();
        Deque<Segment> toVisit = new ArrayDeque<>(positions.keySet());
        while (!toVisit.isEmpty()) {
            Segment segment = toVisit.poll();
            Map<SegmentWithRange, List<Long>> successors =
                    controller
                            .getSuccessors(segment)
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .getSegmentToPredecessor();
            for (Map.Entry<SegmentWithRange, List<Long>> successor : successors.entrySet()) {
                Segment next = successor.getKey().getSegment();
                predecessorsOf.put(next.getSegmentId(), successor.getValue());
                if (!known.contains(next.getSegmentId()) && followers.add(next.getSegmentId())) {
                    toVisit.add(next);
                }
            }
        }
        for (List<Long> predecessors : predecessorsOf.values()) {
            for (long predecessor : predecessors) {
                if (!known.contains(predecessor) && !followers.contains(predecessor)) {
                    gaps.add(predecessor);
                }
            }
        }
        if (gaps.isEmpty()) {
            return cut;
        }
        Map<Segment, Long> completed = new HashMap<>(positions);
        for (long gap : gaps) {
            completed.put(new Segment(stream.getScope(), stream.getStreamName(), gap), COMPLETED);
        }
        LOG.info(
                "Positions of {} miss segments {} that were read to their end before the checkpoint (their successor "
                        + "waited for a sibling); restarting with them marked completed",
                stream.getScopedName(),
                gaps);
        return new StreamCutImpl(stream, completed);
    }
}
