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

import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Stream;

import org.apache.flink.metrics.SimpleCounter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncEventOutputTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(10);

    private final FakeWriter writer = new FakeWriter();
    private final SimpleCounter errors = new SimpleCounter();

    private AsyncEventOutput output(Duration flushTimeout, Duration closeTimeout) {
        return new AsyncEventOutput(
                writer,
                Stream.of("scope", "stream"),
                URI.create("tcp://localhost:9090"),
                true,
                errors,
                flushTimeout,
                closeTimeout);
    }

    @Test
    void flushesOnOneReusedThread() throws Exception {
        AsyncEventOutput output = output(LONG, LONG);

        output.flush();
        // Checkpoints come apart; a flush right after another may find the thread not yet back in
        // the pool, and start another.
        Thread.sleep(200);
        output.flush();
        output.close();

        assertThat(writer.flushThreads).hasSize(2);
        assertThat(writer.flushThreads.get(1)).isSameAs(writer.flushThreads.get(0));
        assertThat(writer.flushThreads.get(0).isDaemon()).isTrue();
        assertThat(writer.flushThreads.get(0).getName()).startsWith("pravega-writer-scope/stream-");
    }

    @Test
    void closeGivesUpOnAWriterThatNeverClosesAndReportsWhatIsUnacknowledged() throws Exception {
        writer.closeBlocks = true;
        AsyncEventOutput output = output(LONG, SHORT);
        output.write("key", ByteBuffer.wrap(new byte[] {1}));
        output.write("key", ByteBuffer.wrap(new byte[] {2}));

        long start = System.nanoTime();
        output.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);
        assertThat(
                        writer.closeInterrupted.await(
                                LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .isTrue();
        Thread closing = writer.closeThread.get();
        assertThat(closing.isDaemon()).isTrue();
        closing.join(LONG.toMillis());
        assertThat(closing.isAlive()).isFalse();
        // Both writes were never acknowledged: reported, not silently dropped.
        assertThat(errors.getCount()).isEqualTo(2);
        assertThat(output.pending()).isZero();
    }

    @Test
    void aFlushThatTimedOutEndsBeforeTheWriterCloses() {
        writer.flushBlocks = true;
        AsyncEventOutput output = output(SHORT, LONG);

        assertThatThrownBy(output::flush).isInstanceOf(IOException.class);
        output.close();

        assertThat(writer.calls).containsExactly("flush", "flush interrupted", "close");
    }

    @Test
    void noFlushReachesTheWriterAfterClose() {
        AsyncEventOutput output = output(LONG, LONG);
        output.close();

        assertThatThrownBy(output::flush).isInstanceOf(IOException.class);

        assertThat(writer.calls).containsExactly("close");
    }

    /**
     * As the client: writes stay unacknowledged, and close waits for a flush still running (the
     * real one takes the lock the flush holds).
     */
    private static final class FakeWriter implements EventStreamWriter<ByteBuffer> {

        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Thread> flushThreads = new CopyOnWriteArrayList<>();
        final AtomicReference<Thread> closeThread = new AtomicReference<>();
        final CountDownLatch closeInterrupted = new CountDownLatch(1);
        volatile boolean flushBlocks;
        volatile boolean closeBlocks;

        @Override
        public CompletableFuture<Void> writeEvent(ByteBuffer event) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> writeEvent(String routingKey, ByteBuffer event) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> writeEvents(String routingKey, List<ByteBuffer> events) {
            return new CompletableFuture<>();
        }

        @Override
        public void noteTime(long timestamp) {}

        @Override
        public EventWriterConfig getConfig() {
            return EventWriterConfig.builder().build();
        }

        @Override
        public synchronized void flush() {
            calls.add("flush");
            flushThreads.add(Thread.currentThread());
            if (flushBlocks) {
                try {
                    Thread.sleep(LONG.toMillis());
                } catch (InterruptedException e) {
                    calls.add("flush interrupted");
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public synchronized void close() {
            calls.add("close");
            closeThread.set(Thread.currentThread());
            if (closeBlocks) {
                try {
                    Thread.sleep(LONG.toMillis() * 6);
                } catch (InterruptedException e) {
                    closeInterrupted.countDown();
                }
            }
        }
    }
}
