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
package io.pravega.connectors.flink.source.reader.readergroup;

import io.pravega.connectors.flink.source.PravegaSourceConfig;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.SourceReaderContext;

import java.util.concurrent.CompletableFuture;

/**
 * The at-least-once reader: it never holds. Its fetcher lets a reader-group checkpoint complete
 * only after this reader emitted everything read before the checkpoint's event, so every completed
 * checkpoint is a safe place to resume from; the enumerator stores the newest one it has at each
 * Flink checkpoint. After a failure the read resumes there: events after it may be read again, and
 * none is lost.
 */
@Internal
public final class AtLeastOnceSourceReader<T> extends ReaderGroupSourceReader<T> {

    public AtLeastOnceSourceReader(
            SourceReaderContext context,
            PravegaSourceConfig config,
            DeserializationSchema<T> schema) {
        this(context, config, schema, new ReaderGroupFetch(config));
    }

    /** Reads with the given fetch, which this reader opens and closes. */
    AtLeastOnceSourceReader(
            SourceReaderContext context,
            PravegaSourceConfig config,
            DeserializationSchema<T> schema,
            Fetch fetch) {
        super(context, config, schema, fetch);
    }

    @Override
    protected boolean isHolding() {
        return false;
    }

    @Override
    protected void atFlinkCheckpointEvent(long checkpointId) {
        // Its position was recorded once this reader emitted everything before it; nothing to hold.
    }

    @Override
    protected CompletableFuture<Void> holdEnded() {
        throw new IllegalStateException("An at-least-once reader never holds");
    }
}
