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

import org.apache.flink.annotation.Internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a reader subtask's (re-)registration means for the reader group.
 *
 * <p>A reader group can only rewind as a whole. When a subtask comes back after a failure while the
 * enumerator kept running (a regional failover), the group must rewind to the last completed
 * checkpoint, which is only correct if every other reader restarts too. An epoch counts the
 * rewinds; a reader that started in the current epoch and registers again has failed after reading,
 * while one from an earlier epoch is covered by the rewind that began the current one.
 */
@Internal
final class ReaderEpochs {

    /** What to do about a registering reader. */
    enum Action {
        /** Join the group as it is. */
        JOIN,
        /** Rewind the group to the last completed checkpoint, then join. */
        REWIND_THEN_JOIN,
        /** Other readers keep running with data a rewind would replay: restart everything. */
        FAIL_GLOBALLY
    }

    private final Map<Integer, Integer> startedInEpoch = new HashMap<>();
    private int epoch;

    /**
     * @param subtask the registering subtask
     * @param registered the subtasks registered right now, the registering one included
     */
    Action onRegister(int subtask, Set<Integer> registered) {
        Integer previous = startedInEpoch.get(subtask);
        if (previous == null || previous < epoch) {
            // First start, or a restart already covered by a rewind in this failover.
            startedInEpoch.put(subtask, epoch);
            return Action.JOIN;
        }
        // It restarts after reading in the current epoch. Any other registered reader is
        // running, and a rewind would replay what that reader already emitted.
        for (int other : registered) {
            if (other != subtask) {
                return Action.FAIL_GLOBALLY;
            }
        }
        epoch++;
        startedInEpoch.put(subtask, epoch);
        return Action.REWIND_THEN_JOIN;
    }

    int currentEpoch() {
        return epoch;
    }
}
