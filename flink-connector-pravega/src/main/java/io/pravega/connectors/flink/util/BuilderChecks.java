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
package io.pravega.connectors.flink.util;

import org.apache.flink.annotation.Internal;

import java.time.Duration;

/**
 * The checks the builders' {@code build()} methods share; each failure is an actionable message.
 */
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
        require(
                duration != null && duration.compareTo(Duration.ofMillis(1)) >= 0,
                setting + " must be a positive duration (at least 1 ms), got " + duration + ".");
    }
}
