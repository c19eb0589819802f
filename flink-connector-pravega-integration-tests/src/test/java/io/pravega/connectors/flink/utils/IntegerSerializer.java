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
            throw new IllegalArgumentException("An integer event has 4 bytes, this one has " + buffer.remaining());
        }
        return buffer.getInt(buffer.position());
    }
}
