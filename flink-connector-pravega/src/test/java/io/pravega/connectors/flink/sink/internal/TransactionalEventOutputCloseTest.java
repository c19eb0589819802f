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

import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;

import org.apache.flink.api.common.JobID;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionalEventOutputCloseTest {

    @Test
    void closeGivesUpOnAnAbortThatNeverAnswersAndStillClosesTheWriter() {
        FakeTxnWriter writer = new FakeTxnWriter();
        TransactionalEventOutput output =
                new TransactionalEventOutput(
                        writer,
                        Stream.of("scope", "stream"),
                        Duration.ofSeconds(30),
                        URI.create("tcp://localhost:9090"),
                        List.of(),
                        TransactionHandOff.openWriterSide(
                                new HandOffKey(UUID.randomUUID().toString(), new JobID(), 0, 0)));

        long start = System.nanoTime();
        output.close();

        // The abort is bounded by 10 s; without a bound it would wait a minute.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(writer.calls).containsExactly("begin", "abort", "close");
    }

    /** Its transactions' abort blocks like a client retrying an unreachable controller. */
    private static final class FakeTxnWriter implements TransactionalEventStreamWriter<ByteBuffer> {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Transaction<ByteBuffer> beginTxn() {
            calls.add("begin");
            FakeTransaction txn = new FakeTransaction();
            txn.onAbort =
                    () -> {
                        calls.add("abort");
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    };
            return txn;
        }

        @Override
        public Transaction<ByteBuffer> getTxn(UUID txnId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventWriterConfig getConfig() {
            return EventWriterConfig.builder().build();
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}
