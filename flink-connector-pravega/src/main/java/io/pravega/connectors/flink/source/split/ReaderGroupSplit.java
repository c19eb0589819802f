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
package io.pravega.connectors.flink.source.split;

import org.apache.flink.annotation.Internal;

import java.util.Objects;

/**
 * The right of one reader subtask to join the reader group as one Pravega reader. Pravega, not
 * Flink, assigns segments to readers, so a split carries no positions: all positions live in the
 * reader group's checkpoint, which is the enumerator's state.
 */
@Internal
public final class ReaderGroupSplit extends PravegaSplit {

    private final int subtaskIndex;
    private final String readerId;

    public ReaderGroupSplit(int subtaskIndex, String readerId) {
        this.subtaskIndex = subtaskIndex;
        this.readerId = Objects.requireNonNull(readerId, "readerId");
    }

    public int getSubtaskIndex() {
        return subtaskIndex;
    }

    /** The Pravega reader id; unique per reader attempt. */
    public String getReaderId() {
        return readerId;
    }

    @Override
    public String splitId() {
        return readerId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReaderGroupSplit)) {
            return false;
        }
        ReaderGroupSplit that = (ReaderGroupSplit) o;
        return subtaskIndex == that.subtaskIndex && readerId.equals(that.readerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subtaskIndex, readerId);
    }

    @Override
    public String toString() {
        return "ReaderGroupSplit{subtask=" + subtaskIndex + ", readerId=" + readerId + '}';
    }
}
