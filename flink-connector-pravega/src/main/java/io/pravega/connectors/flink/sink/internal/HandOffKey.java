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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.TaskInfo;

import java.util.Objects;

/**
 * Names the writer and committer of one subtask attempt of one sink in one job: the two ends of a
 * {@link TransactionHandOff}. The sink id tells apart two sinks, or one sink object used twice, in
 * one job; the job id tells apart jobs built from the same sink object in one JVM; the attempt
 * keeps a restarted subtask (task-local recovery) off its failed attempt's channel.
 */
@Internal
public final class HandOffKey {

    private final String sinkId;
    private final JobID jobId;
    private final int subtask;
    private final int attempt;

    HandOffKey(String sinkId, JobID jobId, int subtask, int attempt) {
        this.sinkId = Objects.requireNonNull(sinkId, "sinkId");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.subtask = subtask;
        this.attempt = attempt;
    }

    /**
     * The key of the subtask attempt that {@code task} describes, from a writer's or committer's
     * context.
     */
    public static HandOffKey of(String sinkId, JobID jobId, TaskInfo task) {
        return new HandOffKey(sinkId, jobId, task.getIndexOfThisSubtask(), task.getAttemptNumber());
    }

    JobID getJobId() {
        return jobId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HandOffKey)) {
            return false;
        }
        HandOffKey that = (HandOffKey) o;
        return subtask == that.subtask
                && attempt == that.attempt
                && sinkId.equals(that.sinkId)
                && jobId.equals(that.jobId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sinkId, jobId, subtask, attempt);
    }

    @Override
    public String toString() {
        return "sink "
                + sinkId
                + " of job "
                + jobId
                + ", subtask "
                + subtask
                + ", attempt "
                + attempt;
    }
}
