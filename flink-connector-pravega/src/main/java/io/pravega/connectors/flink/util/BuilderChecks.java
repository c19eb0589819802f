package io.pravega.connectors.flink.util;

import org.apache.flink.annotation.Internal;

import java.time.Duration;

/** The checks the builders' {@code build()} methods share; each failure is an actionable message. */
@Internal
public final class BuilderChecks {

    private BuilderChecks() {}

    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The settings are used in whole milliseconds: less than 1 ms would become 0. */
    public static void requirePositive(Duration duration, String setting) {
        require(duration != null && duration.compareTo(Duration.ofMillis(1)) >= 0,
                setting + " must be a positive duration (at least 1 ms), got " + duration + ".");
    }
}
