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
package io.pravega.connectors.flink.source.reader.readergroup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandoverTest {

    @Test
    void theTaskThreadTakesEverythingQueuedInOrderAtOnce() throws Exception {
        Handover handover = new Handover(10);
        CompletableFuture<Void> available = handover.available();
        assertThat(handover.drain(new ArrayDeque<>())).isNull();
        handover.put("a");
        handover.put("b");
        assertThat(available).isDone();
        assertThat(handover.drain(new ArrayDeque<>())).containsExactly("a", "b");
        assertThat(handover.drain(new ArrayDeque<>())).isNull();
        assertThat(handover.available()).isNotDone();
    }

    @Test
    void aFullQueueBlocksTheFetcherUntilDrained() throws Exception {
        Handover handover = new Handover(2);
        handover.put(1);
        handover.put(2);
        CompletableFuture<Void> third =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                handover.put(3);
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        Thread.sleep(100);
        assertThat(third).isNotDone();
        assertThat(handover.drain(new ArrayDeque<>())).containsExactly(1, 2);
        third.get(5, TimeUnit.SECONDS);
        assertThat(handover.drain(new ArrayDeque<>())).containsExactly(3);
    }

    @Test
    void aFetcherErrorComesAfterWhatWasQueuedAndCompletesFailed() throws Exception {
        Handover handover = new Handover(10);
        handover.put("last event");
        handover.reportError(new IOException("broken"));
        assertThat(handover.failed()).isDone();
        assertThat(handover.drain(new ArrayDeque<>())).containsExactly("last event");
        assertThatThrownBy(() -> handover.drain(new ArrayDeque<>()))
                .isInstanceOf(IOException.class)
                .hasMessage("broken");
        assertThatThrownBy(handover::rethrowError).isInstanceOf(IOException.class);
    }

    @Test
    void aClosedHandoverStopsTheFetcher() {
        Handover handover = new Handover(1);
        handover.close();
        assertThatThrownBy(() -> handover.put(List.of()))
                .isInstanceOf(Handover.ClosedException.class);
    }
}
