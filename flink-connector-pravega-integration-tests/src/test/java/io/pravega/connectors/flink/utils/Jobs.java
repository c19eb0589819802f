package io.pravega.connectors.flink.utils;

import org.apache.flink.core.execution.JobClient;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for conditions and for jobs to end, in ITCases. */
public final class Jobs {

    private Jobs() {}

    /** Polls every 20 ms; fails the test if the condition does not hold within the timeout. */
    public static void waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
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
    public static void awaitTermination(JobClient job, Duration timeout) throws InterruptedException {
        waitUntil(() -> {
            try {
                return job.getJobStatus().get().isGloballyTerminalState();
            } catch (Exception e) {
                return true; // the cluster forgot a finished job
            }
        }, timeout);
    }
}
