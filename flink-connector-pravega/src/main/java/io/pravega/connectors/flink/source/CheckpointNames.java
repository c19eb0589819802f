package io.pravega.connectors.flink.source;

import org.apache.flink.annotation.Internal;

import java.util.OptionalLong;

/**
 * Names of the reader-group checkpoints that stand for Flink checkpoints. The name carries the
 * Flink checkpoint id, so that a reader can map Pravega's checkpoint event back to it, and a
 * nonce of the enumerator, so that names never repeat within a group.
 */
@Internal
public final class CheckpointNames {

    private static final String PREFIX = "flink-";

    private CheckpointNames() {}

    public static String of(long checkpointId, String nonce) {
        return PREFIX + checkpointId + "-" + nonce;
    }

    /** The Flink checkpoint id in a name made by {@link #of}, if it is one. */
    public static OptionalLong checkpointId(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        int end = name.indexOf('-', PREFIX.length());
        try {
            return OptionalLong.of(Long.parseLong(name.substring(PREFIX.length(), end < 0 ? name.length() : end)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
