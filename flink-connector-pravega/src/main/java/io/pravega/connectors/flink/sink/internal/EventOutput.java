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
package io.pravega.connectors.flink.sink.internal;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Where the sink writer puts serialized events: a plain Pravega writer, or transactions. */
@Internal
interface EventOutput extends AutoCloseable {

    void write(@Nullable String routingKey, ByteBuffer event) throws IOException;

    /** Called before every checkpoint and at the end of input. */
    void flush() throws IOException;

    /** A Flink watermark, for readers' time windows. */
    void noteTime(long timestamp);

    /** The transactions to commit when the checkpoint completes; none outside exactly-once. */
    List<PravegaCommittable> prepareCommit(long timestamp) throws IOException;

    List<PravegaWriterState> snapshotState();

    /** Events written but not yet durable (or not yet in a prepared transaction). */
    long pending();

    @Override
    void close();
}
