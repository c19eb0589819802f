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

import javax.annotation.Nullable;

/**
 * Finds JVM errors under a client failure. Pravega's client retries whatever fails, so an {@link
 * OutOfMemoryError} or a {@link LinkageError} in its threads looks like a controller that does not
 * answer; messages must name the real cause instead.
 */
@Internal
public final class JvmErrors {

    private JvmErrors() {}

    /**
     * The first {@link VirtualMachineError} or {@link LinkageError} in the cause chain, or null.
     */
    @Nullable
    public static Error find(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirtualMachineError || t instanceof LinkageError) {
                return (Error) t;
            }
        }
        return null;
    }

    /**
     * The advice for a failed Pravega call: {@code pravegaAdvice} (e.g. "start Pravega or fix the
     * controller URI"), unless a JVM error caused it, which is then named instead.
     */
    public static String adviceFor(@Nullable Throwable failure, String pravegaAdvice) {
        Error error = find(failure);
        return error == null ? pravegaAdvice : explain(error);
    }

    /**
     * What the error means for a user, and what to do; says plainly that Pravega is not at fault.
     */
    public static String explain(Error error) {
        String what = error.toString();
        if (error instanceof OutOfMemoryError) {
            String memory =
                    String.valueOf(error.getMessage()).contains("direct buffer")
                            ? "direct memory: give the TaskManager more off-heap memory "
                                    + "(taskmanager.memory.task.off-heap.size, or "
                                    + "jobmanager.memory.off-heap.size on the "
                                    + "JobManager), and check that earlier jobs released theirs"
                            : "memory: give the process more memory";
            return "The Pravega client in this JVM ran out of "
                    + memory
                    + " ("
                    + what
                    + "). This is not a "
                    + "problem of Pravega or of the network.";
        }
        if (error instanceof LinkageError) {
            return "A class of the connector or of the Pravega client could not be loaded ("
                    + what
                    + "). This is "
                    + "not a problem of Pravega: the job's class loader was closed while Pravega "
                    + "calls still ran, or "
                    + "the job's jar lacks a dependency or mixes versions (see the README's "
                    + "deployment section).";
        }
        return "The JVM failed in the Pravega client ("
                + what
                + "). This is not a problem of Pravega.";
    }
}
