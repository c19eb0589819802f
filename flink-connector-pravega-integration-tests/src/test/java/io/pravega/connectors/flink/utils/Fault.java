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

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When {@link Faults} throws: never, once after N records (after a checkpoint, or before any), or
 * once after the test armed it.
 */
public final class Fault implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Fault NONE = new Fault(0, false, false);

    /** Set by the test (the MiniCluster runs in this JVM). */
    public static final AtomicBoolean ARMED = new AtomicBoolean();

    public final int failAfter;
    public final boolean afterCheckpoint;
    public final boolean whenArmed;

    private Fault(int failAfter, boolean afterCheckpoint, boolean whenArmed) {
        this.failAfter = failAfter;
        this.afterCheckpoint = afterCheckpoint;
        this.whenArmed = whenArmed;
    }

    public static Fault afterCheckpoint(int records) {
        return new Fault(records, true, false);
    }

    public static Fault beforeFirstCheckpoint(int records) {
        return new Fault(records, false, false);
    }

    public static Fault whenArmed() {
        return new Fault(1, true, true);
    }

    public boolean due(long count, boolean checkpointed) {
        return failAfter > 0
                && count >= failAfter
                && (!afterCheckpoint || checkpointed)
                && (!whenArmed || ARMED.get());
    }
}
