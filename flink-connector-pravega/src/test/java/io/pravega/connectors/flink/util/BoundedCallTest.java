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
package io.pravega.connectors.flink.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedCallTest {

    private static final Duration LONG = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void reusesItsThreadFromCallToCall() throws Exception {
        try (BoundedCall calls = new BoundedCall("test-calls")) {
            Thread first = calls.call("first", LONG, Thread::currentThread);
            // Calls come a checkpoint apart; one right after another may find the thread not yet
            // back in the pool, and start another.
            Thread.sleep(200);
            Thread second = calls.call("second", LONG, Thread::currentThread);

            assertThat(second).isSameAs(first);
            assertThat(first.isDaemon()).isTrue();
            assertThat(first.getName()).startsWith("test-calls-");
        }
    }

    @Test
    void namesTheCallInTheThreadNameWhileItRuns() throws Exception {
        try (BoundedCall calls = new BoundedCall("test-calls")) {
            String name = calls.call("flush", LONG, () -> Thread.currentThread().getName());

            assertThat(name).isEqualTo("test-calls-1 (flush)");
        }
    }

    @Test
    void interruptsACallThatTimedOut() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (BoundedCall calls = new BoundedCall("test-calls")) {
            assertThatThrownBy(
                            () ->
                                    calls.call(
                                            "stuck",
                                            SHORT,
                                            () -> {
                                                try {
                                                    Thread.sleep(LONG.toMillis());
                                                } catch (InterruptedException e) {
                                                    interrupted.countDown();
                                                }
                                                return null;
                                            }))
                    .isInstanceOf(TimeoutException.class);

            assertThat(interrupted.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    void aStuckCallDoesNotHoldUpTheNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> stuck = new AtomicReference<>();
        try (BoundedCall calls = new BoundedCall("test-calls")) {
            assertThatThrownBy(
                            () ->
                                    calls.call(
                                            "stuck",
                                            SHORT,
                                            () -> {
                                                stuck.set(Thread.currentThread());
                                                awaitUninterruptibly(release);
                                                return null;
                                            }))
                    .isInstanceOf(TimeoutException.class);

            Thread next = calls.call("next", LONG, Thread::currentThread);

            assertThat(next).isNotSameAs(stuck.get());
        } finally {
            release.countDown();
        }
    }

    @Test
    void passesOnTheFailureOfTheCall() {
        try (BoundedCall calls = new BoundedCall("test-calls")) {
            assertThatThrownBy(
                            () ->
                                    calls.call(
                                            "failing",
                                            LONG,
                                            () -> {
                                                throw new IllegalArgumentException("boom");
                                            }))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void endsTheWaitWhenTheGracePeriodFindsAReason() {
        CountDownLatch release = new CountDownLatch(1);
        try (BoundedCall calls = new BoundedCall("test-calls")) {
            long start = System.nanoTime();
            assertThatThrownBy(
                            () ->
                                    calls.call(
                                            "stuck",
                                            LONG,
                                            () -> {
                                                release.await();
                                                return null;
                                            },
                                            SHORT,
                                            () -> new IllegalStateException("unreachable")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("unreachable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);
        }
    }

    @Test
    void closeInterruptsRunningCallsAndRefusesNewOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        BoundedCall calls = new BoundedCall("test-calls");
        Thread caller =
                new Thread(
                        () -> {
                            try {
                                calls.call(
                                        "stuck",
                                        LONG,
                                        () -> {
                                            started.countDown();
                                            try {
                                                Thread.sleep(LONG.toMillis());
                                            } catch (InterruptedException e) {
                                                interrupted.countDown();
                                            }
                                            return null;
                                        });
                            } catch (Exception ignored) {
                                // the test looks at the action
                            }
                        });
        caller.start();
        assertThat(started.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThat(calls.close(LONG)).isTrue();

        assertThat(interrupted.getCount()).isZero();
        assertThatThrownBy(() -> calls.call("late", LONG, () -> "ran"))
                .isInstanceOf(IllegalStateException.class);
        caller.join(LONG.toMillis());
    }

    @Test
    void closeReportsACallThatDoesNotEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BoundedCall calls = new BoundedCall("test-calls");
        try {
            assertThatThrownBy(
                            () ->
                                    calls.call(
                                            "stuck",
                                            SHORT,
                                            () -> {
                                                awaitUninterruptibly(release);
                                                return null;
                                            }))
                    .isInstanceOf(TimeoutException.class);

            assertThat(calls.close(SHORT)).isFalse();
        } finally {
            release.countDown();
        }
        assertThat(calls.close(LONG)).isTrue();
    }

    @Test
    void onceLeavesNoThreadBehind() throws Exception {
        Thread thread = BoundedCall.once("test-once", LONG, Thread::currentThread);

        thread.join(LONG.toMillis());
        assertThat(thread.isAlive()).isFalse();
        assertThat(thread.getName()).startsWith("test-once-");
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
