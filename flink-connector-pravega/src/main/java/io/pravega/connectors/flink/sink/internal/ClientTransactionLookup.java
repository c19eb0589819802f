package io.pravega.connectors.flink.sink.internal;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Looks transactions up by id through a transactional writer of the committer's own, opened on first use. */
@Internal
final class ClientTransactionLookup implements TransactionLookup {

    private final PravegaSinkConfig config;
    private PravegaClients clients;
    private TransactionalEventStreamWriter<ByteBuffer> writer;

    ClientTransactionLookup(PravegaSinkConfig config) {
        this.config = config;
    }

    @Override
    public Transaction<ByteBuffer> getTxn(PravegaCommittable committable) {
        return writer(committable).getTxn(committable.getTxnId());
    }

    private TransactionalEventStreamWriter<ByteBuffer> writer(PravegaCommittable committable) {
        if (writer == null) {
            Stream stream = Stream.of(committable.getScopedStream());
            if (clients == null) {
                // Kept when the writer below fails, so that a retry does not open a second set.
                clients = PravegaClients.open(config.getPravegaConfig(), "committer");
            }
            writer = clients.eventStreamClientFactory(stream.getScope()).createTransactionalEventWriter(
                    "flink-committer-" + UUID.randomUUID(), stream.getStreamName(), new ByteBufferSerializer(),
                    config.writerConfig());
        }
        return writer;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        if (clients != null) {
            clients.close();
        }
    }
}
