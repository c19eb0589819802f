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
package io.pravega.connectors.flink.source.reader;

import io.pravega.connectors.flink.serialization.PravegaEventMetadata;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/** An event's bytes and where it was read, whichever way it was read. */
@Internal
public interface EventOrigin {

    ByteBuffer bytes();

    /** Built only when a schema asks for it. */
    PravegaEventMetadata metadata();

    /** For error messages: the event's position in the stream. */
    String describePosition();
}
