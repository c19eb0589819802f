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

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** What the {@link Faults} of one run saw; shared with the test (the MiniCluster is in-process). */
public final class Probe {
    private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();

    public final AtomicLong records = new AtomicLong();
    public final AtomicLong lastCheckpoint = new AtomicLong();
    public final Set<Long> completedCheckpoints = ConcurrentHashMap.newKeySet();
    public final AtomicBoolean failed = new AtomicBoolean();
    public final AtomicBoolean restarted = new AtomicBoolean();

    /** The last completed checkpoint when the failure was thrown. */
    public volatile long checkpointAtFailure = -1;

    /** Records passed when the job first failed or restarted. */
    public volatile long recordsAtFault = -1;

    public static Probe create(String name) {
        Probe probe = new Probe();
        PROBES.put(name, probe);
        return probe;
    }

    public static Probe of(String name) {
        return PROBES.get(name);
    }
}
