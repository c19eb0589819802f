package io.pravega.connectors.flink.serialization;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/** Byte buffer helpers shared by the schemas and the reader. */
@Internal
public final class ByteBuffers {

    private ByteBuffers() {}

    /** The buffer's remaining bytes, without a copy when the buffer wraps exactly one array. */
    public static byte[] toArray(ByteBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
