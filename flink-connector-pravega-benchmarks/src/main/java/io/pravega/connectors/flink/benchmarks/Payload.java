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
