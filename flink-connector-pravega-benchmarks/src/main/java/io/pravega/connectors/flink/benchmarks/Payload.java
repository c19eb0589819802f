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
package io.pravega.connectors.flink.benchmarks;

import java.nio.ByteBuffer;

/** Events of a fixed size whose first 8 bytes are their creation time ({@code System.nanoTime}). */
final class Payload {

    private Payload() {}

    static byte[] create(int size) {
        byte[] bytes = new byte[Math.max(8, size)];
        ByteBuffer.wrap(bytes).putLong(System.nanoTime());
        return bytes;
    }

    static long createdNanos(byte[] event) {
        return ByteBuffer.wrap(event).getLong();
    }
}
