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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Holds back the first read of each reader until every reader subtask is in the reader group.
 *
 * <p>A Pravega reader takes its share of the unassigned segments at its first read, counting the
 * readers online at that moment: the first of several readers to read alone takes every segment.
 * The group then moves segments to the others at a later reader-group checkpoint, while the first
 * reader's events from them may still be on their way downstream; a release checkpoint is no Flink
 * barrier, so a downstream operator could then see a key's later events before its earlier ones.
 * When every reader is online first, each takes its fair share and nothing has to move.
 *
 * <p>Not thread-safe: used on the coordinator thread only.
 */
@Internal
final class ReaderStartGate {

    private final long maxWaitNanos;

    /** Subtasks whose reader joined and waits, with when each registered. */
    private final TreeMap<Integer, Long> waiting = new TreeMap<>();

    /**
     * @param maxWaitNanos how long a reader waits at most for the others, so that none waits
     *     forever
     */
    ReaderStartGate(long maxWaitNanos) {
        this.maxWaitNanos = maxWaitNanos;
    }

    /** A subtask's reader was handed its split and waits for the others before its first read. */
    void registered(int subtask, long nowNanos) {
        waiting.put(subtask, nowNanos);
    }

    /** A subtask failed: it registers again with a new reader. */
    void removed(int subtask) {
        waiting.remove(subtask);
    }

    boolean isWaiting() {
        return !waiting.isEmpty();
    }

    /** How long the subtask that waits longest has waited, in ms; 0 if none waits. */
    long longestWaitMillis(long nowNanos) {
        return waiting.isEmpty()
                ? 0
                : TimeUnit.NANOSECONDS.toMillis(
                        nowNanos - waiting.values().stream().min(Long::compare).get());
    }

    /**
     * The subtasks that may start reading now, which are no longer waiting afterwards: all of them
     * once every reader of the job is online, or once one has waited the maximum; else none.
     *
     * @param online the readers online in the group
     * @param readerIds the reader ids of the registered subtasks that have not finished
     * @param registered how many subtasks registered
     * @param parallelism how many subtasks the source has
     */
    List<Integer> open(
            Set<String> online,
            Collection<String> readerIds,
            int registered,
            int parallelism,
            long nowNanos) {
        if (waiting.isEmpty()) {
            return List.of();
        }
        boolean waitedLongEnough =
                longestWaitMillis(nowNanos) >= TimeUnit.NANOSECONDS.toMillis(maxWaitNanos);
        return everyReaderOnline(online, readerIds, registered, parallelism) || waitedLongEnough
                ? openAll()
                : List.of();
    }

    /** Whether every subtask of the source registered and its reader is online in the group. */
    static boolean everyReaderOnline(
            Set<String> online, Collection<String> readerIds, int registered, int parallelism) {
        return registered >= parallelism && online.containsAll(readerIds);
    }

    /** Every waiting subtask may start reading now, whoever else is online. */
    List<Integer> openAll() {
        List<Integer> opened = new ArrayList<>(waiting.keySet());
        waiting.clear();
        return opened;
    }
}
