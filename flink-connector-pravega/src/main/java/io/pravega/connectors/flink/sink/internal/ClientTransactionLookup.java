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
package io.pravega.connectors.flink.sink.internal;

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.connectors.flink.util.PravegaClients;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Looks transactions up by id through a transactional writer of the committer's own, opened on
 * first use.
 */
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
            writer =
                    clients.eventStreamClientFactory(stream.getScope())
                            .createTransactionalEventWriter(
                                    "flink-committer-" + UUID.randomUUID(),
                                    stream.getStreamName(),
                                    new ByteBufferSerializer(),
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
