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
package io.pravega.connectors.flink.source.enumerator.readergroup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The gauges never call Pravega on the reporter's thread, and never throw at it. */
class ReaderGroupMetricsGaugesTest {

    private final ExecutorService refresher =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "refresher"));

    @AfterEach
    void stop() {
        refresher.shutdownNow();
    }

    @Test
    void servesTheLastValueAndFetchesOnTheRefresherThread() throws Exception {
        AtomicReference<String> fetchedOn = new AtomicReference<>();
        AtomicInteger value = new AtomicInteger(41);
        // Holds the first fetch until the test has read the gauge: the reporter never waits for it.
        CountDownLatch firstRead = new CountDownLatch(1);
        ReaderGroupMetricsGauges.CachedGauge<Integer> gauge =
                new ReaderGroupMetricsGauges.CachedGauge<>(
                        () -> {
                            fetchedOn.set(Thread.currentThread().getName());
                            try {
                                firstRead.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return value.incrementAndGet();
                        },
                        -1,
                        refresher);

        assertThat(gauge.getValue()).as("nothing fetched yet").isEqualTo(-1);
        firstRead.countDown();
        awaitValue(gauge, 42);
        assertThat(fetchedOn.get()).isEqualTo("refresher");
        // Fresh for a while: reading again does not fetch again.
        assertThat(gauge.getValue()).isEqualTo(42);
        assertThat(value.get()).isEqualTo(42);
    }

    @Test
    void keepsTheLastValueWhenAFetchFails() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ReaderGroupMetricsGauges.CachedGauge<Long> gauge =
                new ReaderGroupMetricsGauges.CachedGauge<>(
                        () -> {
                            if (calls.incrementAndGet() > 1) {
                                throw new IllegalStateException("Pravega is away");
                            }
                            return 7L;
                        },
                        -1L,
                        refresher);
        awaitValue(gauge, 7L);
        Thread.sleep(ReaderGroupMetricsGauges.MAX_AGE_MILLIS + 50);
        assertThat(gauge.getValue()).isEqualTo(7L);
        refresher.submit(() -> {}).get(5, TimeUnit.SECONDS); // the failing refresh ran
        assertThat(calls.get()).isEqualTo(2);
        assertThat(gauge.getValue()).isEqualTo(7L);
    }

    @Test
    void aClosedEnumeratorYieldsTheLastValue() {
        ReaderGroupMetricsGauges.CachedGauge<Integer> gauge =
                new ReaderGroupMetricsGauges.CachedGauge<>(
                        () -> 1,
                        0,
                        command -> {
                            throw new RejectedExecutionException("closed");
                        });
        assertThat(gauge.getValue()).isZero();
        assertThat(gauge.getValue()).isZero();
    }

    @Test
    void aRefreshThatHangsIsNotJoinedByMoreRefreshes() throws Exception {
        CountDownLatch pravegaBack = new CountDownLatch(1);
        AtomicInteger submitted = new AtomicInteger();
        ReaderGroupMetricsGauges.CachedGauge<Integer> gauge =
                new ReaderGroupMetricsGauges.CachedGauge<>(
                        () -> {
                            try {
                                pravegaBack.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return 5;
                        },
                        -1,
                        command -> {
                            submitted.incrementAndGet();
                            refresher.execute(command);
                        });
        try {
            long deadline =
                    System.nanoTime()
                            + TimeUnit.MILLISECONDS.toNanos(
                                    3 * ReaderGroupMetricsGauges.MAX_AGE_MILLIS);
            while (System.nanoTime() < deadline) {
                assertThat(gauge.getValue()).as("the last value, at once").isEqualTo(-1);
                Thread.sleep(20);
            }
            assertThat(submitted).as("one refresh, still hanging").hasValue(1);
        } finally {
            pravegaBack.countDown();
        }
        awaitValue(gauge, 5);
    }

    @Test
    void aShutDownRefresherYieldsTheLastValue() throws Exception {
        ReaderGroupMetricsGauges.CachedGauge<Integer> gauge =
                new ReaderGroupMetricsGauges.CachedGauge<>(() -> 3, 0, refresher);
        awaitValue(gauge, 3);
        refresher.shutdownNow();
        Thread.sleep(ReaderGroupMetricsGauges.MAX_AGE_MILLIS + 50);
        assertThat(gauge.getValue()).isEqualTo(3);
        assertThat(gauge.getValue()).isEqualTo(3);
    }

    private static <T> void awaitValue(ReaderGroupMetricsGauges.CachedGauge<T> gauge, T expected)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!expected.equals(gauge.getValue())) {
            assertThat(System.nanoTime()).as("gauge reached %s", expected).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
