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

import io.pravega.client.stream.Serializer;

import java.io.Serializable;
import java.nio.ByteBuffer;

/** Four bytes, big-endian. */
public final class IntegerSerializer implements Serializer<Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public ByteBuffer serialize(Integer value) {
        return ByteBuffer.allocate(4).putInt(0, value);
    }

    @Override
    public Integer deserialize(ByteBuffer buffer) {
        if (buffer.remaining() != 4) {
            throw new IllegalArgumentException(
                    "An integer event has 4 bytes, this one has " + buffer.remaining());
        }
        return buffer.getInt(buffer.position());
    }
}
