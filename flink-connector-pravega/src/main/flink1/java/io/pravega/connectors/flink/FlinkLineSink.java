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
package io.pravega.connectors.flink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Flink 1.20's {@link Sink} still declares {@code createWriter(InitContext)} abstract; its writer
 * operator only calls {@code createWriter(WriterInitContext)}, which the writer implements.
 */
abstract class FlinkLineSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** Not called by Flink 1.20's writer operator; see the class comment. */
    @Override
    @Deprecated
    public SinkWriter<T> createWriter(Sink.InitContext context) {
        throw new UnsupportedOperationException(
                "The Pravega writer is created with createWriter(WriterInitContext), which Flink "
                        + "calls from version 1.19 on.");
    }
}
