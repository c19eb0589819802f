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
