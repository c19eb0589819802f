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
package io.pravega.connectors.flink.source.event;

import org.apache.flink.annotation.Internal;

import java.util.OptionalLong;

/**
 * Names of the source's reader-group checkpoints. Those that stand for Flink checkpoints carry the
 * Flink checkpoint id, so that a reader can map Pravega's checkpoint event back to it; release
 * checkpoints (which only let readers hand back finished segments) carry a sequence number under
 * another prefix, so that no reader takes them for a Flink barrier. Both carry a nonce of the
 * enumerator, so that names never repeat within a group.
 */
@Internal
public final class CheckpointNames {

    private static final String PREFIX = "flink-";
    private static final String RELEASE_PREFIX = "release-";

    private CheckpointNames() {}

    public static String of(long checkpointId, String nonce) {
        return PREFIX + checkpointId + "-" + nonce;
    }

    /** The name of the n-th release checkpoint of an enumerator. */
    public static String release(long sequence, String nonce) {
        return RELEASE_PREFIX + sequence + "-" + nonce;
    }

    public static boolean isRelease(String name) {
        return name != null && name.startsWith(RELEASE_PREFIX);
    }

    /** The sequence number in a name made by {@link #release}, if it is one. */
    public static OptionalLong releaseSequence(String name) {
        return isRelease(name) ? number(name, RELEASE_PREFIX.length()) : OptionalLong.empty();
    }

    /** The Flink checkpoint id in a name made by {@link #of}, if it is one. */
    public static OptionalLong checkpointId(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        return number(name, PREFIX.length());
    }

    /** The number that starts at {@code start} and ends at the next '-' or the end. */
    private static OptionalLong number(String name, int start) {
        int end = name.indexOf('-', start);
        try {
            return OptionalLong.of(
                    Long.parseLong(name.substring(start, end < 0 ? name.length() : end)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
