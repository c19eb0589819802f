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
package io.pravega.connectors.flink.utils;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;

import javax.annotation.Nullable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting for conditions and for jobs to end, in ITCases. */
public final class Jobs {

    private Jobs() {}

    /** Polls every 20 ms; fails the test if the condition does not hold within the timeout. */
    public static void waitUntil(BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Cancels the job unless it has ended, and waits until it is in a terminal state. */
    public static void cancel(JobClient job, Duration timeout) throws InterruptedException {
        try {
            job.cancel().get();
        } catch (Exception e) {
            // It has ended already.
        }
        awaitTermination(job, timeout);
    }

    /** Waits until the job is in a terminal state. */
    public static void awaitTermination(JobClient job, Duration timeout)
            throws InterruptedException {
        waitUntil(
                () -> {
                    try {
                        return job.getJobStatus().get().isGloballyTerminalState();
                    } catch (Exception e) {
                        return true; // the cluster forgot a finished job
                    }
                },
                timeout);
    }

    /**
     * Waits for the job to end until {@code deadlineNanos} ({@link System#nanoTime()}); returns how
     * it failed, or null if it finished. A job still running then fails the test with its status
     * and the stacks of the threads in connector code; {@code since} says since what, e.g. "after
     * Pravega stopped".
     */
    @Nullable
    public static Throwable awaitEnd(JobClient job, long deadlineNanos, String since)
            throws Exception {
        try {
            long left = Math.max(1, deadlineNanos - System.nanoTime());
            job.getJobExecutionResult().get(left, TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e;
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "Job "
                            + job.getJobID()
                            + " still "
                            + job.getJobStatus().get()
                            + " "
                            + since
                            + ". Threads in connector code:\n"
                            + ConnectorThreads.stacks());
        }
    }

    /** The job's failures as Flink's REST API lists them, with their stack traces. */
    public static String exceptionHistory(MiniCluster cluster, JobClient job) throws Exception {
        URI uri =
                cluster.getRestAddress()
                        .get()
                        .resolve("/jobs/" + job.getJobID() + "/exceptions?maxExceptions=50");
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
