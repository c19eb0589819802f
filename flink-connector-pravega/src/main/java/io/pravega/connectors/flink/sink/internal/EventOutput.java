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
