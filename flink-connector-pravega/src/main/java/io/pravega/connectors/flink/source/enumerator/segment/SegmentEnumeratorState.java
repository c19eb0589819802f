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
package io.pravega.connectors.flink.source.enumerator.segment;

import io.pravega.connectors.flink.source.enumerator.PravegaEnumeratorState;
import io.pravega.connectors.flink.source.split.SegmentSplit;

import org.apache.flink.annotation.Internal;

import java.util.List;

/**
 * The state of a bounded read: the segment ranges not yet handed to a reader, and those handed out
 * but not yet reported finished (readers keep the progress of those in their own state).
 */
@Internal
public final class SegmentEnumeratorState extends PravegaEnumeratorState {

    private final List<SegmentSplit> unassigned;
    private final List<SegmentSplit> assigned;

    public SegmentEnumeratorState(List<SegmentSplit> unassigned, List<SegmentSplit> assigned) {
        this.unassigned = List.copyOf(unassigned);
        this.assigned = List.copyOf(assigned);
    }

    public List<SegmentSplit> getUnassigned() {
        return unassigned;
    }

    public List<SegmentSplit> getAssigned() {
        return assigned;
    }

    @Override
    public String toString() {
        return "SegmentEnumeratorState{unassigned="
                + unassigned.size()
                + ", assigned="
                + assigned.size()
                + '}';
    }
}
