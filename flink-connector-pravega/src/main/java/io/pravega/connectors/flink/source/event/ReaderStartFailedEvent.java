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
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.SerializedThrowable;

/**
 * A reader could not start (its deserialization schema did not open). The enumerator fails the job
 * with the cause: a reader that failed its own task would race the split assignment on its
 * registration, and Flink could then report the lost assignment instead of this cause.
 */
@Internal
public final class ReaderStartFailedEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    // Keeps the message and the stack trace even if the cause's classes cannot be serialized.
    private final SerializedThrowable cause;

    public ReaderStartFailedEvent(Throwable cause) {
        this.cause = new SerializedThrowable(cause);
    }

    /** What the enumerator throws, which fails the job. */
    public FlinkRuntimeException failure(int subtaskId) {
        return new FlinkRuntimeException(
                "Source reader subtask " + subtaskId + " could not start", cause);
    }
}
