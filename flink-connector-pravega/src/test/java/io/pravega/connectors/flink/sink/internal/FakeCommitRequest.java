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

import org.apache.flink.api.connector.sink2.Committer;

/** Records how the committer settled one committable; no call at all means committed. */
final class FakeCommitRequest implements Committer.CommitRequest<PravegaCommittable> {

    enum Outcome {
        COMMITTED,
        ALREADY_COMMITTED,
        FAILED_KNOWN,
        FAILED_UNKNOWN,
        RETRY_LATER
    }

    private final PravegaCommittable committable;
    private final int retries;
    private Outcome outcome = Outcome.COMMITTED;
    private int signals;
    Throwable failure;

    FakeCommitRequest(PravegaCommittable committable, int retries) {
        this.committable = committable;
        this.retries = retries;
    }

    /** The outcome; fails if the committer signalled more than one. */
    Outcome outcome() {
        if (signals > 1) {
            throw new AssertionError(
                    signals + " outcomes signalled for " + committable + ", the last " + outcome);
        }
        return outcome;
    }

    private void signal(Outcome signalled) {
        signals++;
        outcome = signalled;
    }

    @Override
    public PravegaCommittable getCommittable() {
        return committable;
    }

    @Override
    public int getNumberOfRetries() {
        return retries;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
        failure = t;
        signal(Outcome.FAILED_KNOWN);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
        failure = t;
        signal(Outcome.FAILED_UNKNOWN);
    }

    @Override
    public void retryLater() {
        signal(Outcome.RETRY_LATER);
    }

    @Override
    public void updateAndRetryLater(PravegaCommittable committable) {
        throw new AssertionError("the committer never replaces a committable");
    }

    @Override
    public void signalAlreadyCommitted() {
        signal(Outcome.ALREADY_COMMITTED);
    }
}
