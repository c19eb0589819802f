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

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StalledWriteWatchdogTest {

    private static final Duration BOUND = Duration.ofMillis(200);

    @Test
    void aWriteThatBlocksPastTheBoundFailsNamingWhatAndAdviceAndLeavesNoInterrupt() {
        try (StalledWriteWatchdog watchdog =
                new StalledWriteWatchdog(BOUND, "stream 's/x'", "Check Pravega.")) {
            CountDownLatch never = new CountDownLatch(1);
            assertThatThrownBy(() -> watchdog.write(() -> never.await(1, TimeUnit.MINUTES)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("A write to stream 's/x' blocked for")
                    .hasMessageContaining("Check Pravega.")
                    .satisfies(
                            e ->
                                    assertThat(e.getSuppressed())
                                            .hasAtLeastOneElementOfType(
                                                    InterruptedException.class));
            assertThat(Thread.currentThread().isInterrupted())
                    .as("the task thread's interrupt flag")
                    .isFalse();
        }
    }

    @Test
    void aWriteThatIgnoresTheInterruptStillFailsOnceItReturns() {
        try (StalledWriteWatchdog watchdog =
                new StalledWriteWatchdog(BOUND, "stream 's/x'", "Check Pravega.")) {
            assertThatThrownBy(
                            () ->
                                    watchdog.write(
                                            () -> {
                                                long until =
                                                        System.nanoTime()
                                                                + BOUND.multipliedBy(3).toNanos();
                                                while (System.nanoTime() < until) {
                                                    Thread.onSpinWait();
                                                }
                                                return "written";
                                            }))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("blocked for");
            assertThat(Thread.interrupted()).isFalse();
        }
    }

    @Test
    void quickWritesReturnTheirResultOrTheirOwnFailure() throws Exception {
        try (StalledWriteWatchdog watchdog =
                new StalledWriteWatchdog(BOUND, "stream 's/x'", "Check Pravega.")) {
            for (int i = 0; i < 1000; i++) {
                assertThat(watchdog.write(() -> "ok")).isEqualTo("ok");
            }
            assertThatThrownBy(
                            () ->
                                    watchdog.write(
                                            () -> {
                                                throw new IllegalStateException("sealed");
                                            }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sealed");
            // Idle time between writes is no stalled write.
            Thread.sleep(BOUND.multipliedBy(2).toMillis());
            assertThat(watchdog.write(() -> "again")).isEqualTo("again");
        }
    }

    @Test
    void closingEndsItsThread() throws InterruptedException {
        Set<Thread> before = watchdogThreads();
        StalledWriteWatchdog watchdog =
                new StalledWriteWatchdog(BOUND, "stream 's/x'", "Check Pravega.");
        Set<Thread> started = watchdogThreads();
        started.removeAll(before);
        assertThat(started).hasSize(1);
        watchdog.close();
        // The executor reports termination just before its thread exits.
        Thread thread = started.iterator().next();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(thread.isAlive()).as("the watchdog thread after close").isFalse();
    }

    private static Set<Thread> watchdogThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("pravega-write-watchdog"))
                .collect(Collectors.toSet());
    }
}
