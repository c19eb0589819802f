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

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The stacks of the threads that run connector code, for a test's failure message: when a job
 * hangs, they show where.
 */
public final class ConnectorThreads {

    private static final String CONNECTOR_PACKAGE = "io.pravega.connectors.flink.";
    private static final int FRAMES = 12;

    private ConnectorThreads() {}

    public static String stacks() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> runsConnectorCode(thread.getValue()))
                .filter(thread -> thread.getKey() != Thread.currentThread())
                .map(ConnectorThreads::describe)
                .collect(Collectors.joining("\n"));
    }

    private static boolean runsConnectorCode(StackTraceElement[] stack) {
        return Arrays.stream(stack)
                .anyMatch(
                        frame ->
                                frame.getClassName().startsWith(CONNECTOR_PACKAGE)
                                        && !frame.getClassName().endsWith("ITCase"));
    }

    private static String describe(Map.Entry<Thread, StackTraceElement[]> thread) {
        return "\""
                + thread.getKey().getName()
                + "\" "
                + thread.getKey().getState()
                + Arrays.stream(thread.getValue())
                        .limit(FRAMES)
                        .map(frame -> "\n    at " + frame)
                        .collect(Collectors.joining());
    }
}
