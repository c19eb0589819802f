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

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TxnFailedException;
import io.pravega.common.util.RetriesExhaustedException;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.sink.internal.FakeCommitRequest.Outcome;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.SimpleCounter;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PravegaCommitterTest {

    private static final Stream STREAM = Stream.of("scope", "stream");
    private static final String CONTROLLER = "tcp://pravega.example:9090";

    private final String sinkId = UUID.randomUUID().toString();
    private final JobID jobId = new JobID();
    private final HandOffKey key = new HandOffKey(sinkId, jobId, 0, 0);
    private final SimpleCounter lost = new SimpleCounter();
    private final FakeLookup lookup = new FakeLookup();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        assertThat(TransactionHandOff.isOpen(key)).as("hand-off channel after the test").isFalse();
    }

    @Test
    void aHandedOverTransactionIsCommittedThroughTheWritersObject() {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction txn = handedOver(new FakeTransaction());
        FakeCommitRequest request = request(txn, PravegaCommittable.NO_TIMESTAMP, 0);

        committer.commit(List.of(request));

        assertThat(request.outcome()).isEqualTo(Outcome.COMMITTED);
        assertThat(txn.commits).containsExactly(FakeTransaction.NO_TIMESTAMP);
        assertThat(lookup.lookedUp).as("transactions looked up by id").isEmpty();
    }

    @Test
    void aWatermarkIsTheCommitTimestamp() {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction txn = handedOver(new FakeTransaction());

        committer.commit(List.of(request(txn, 42L, 0)));

        assertThat(txn.commits).containsExactly(42L);
    }

    @Test
    void aTransactionNotHandedOverIsLookedUpById() {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction handed = handedOver(new FakeTransaction());
        FakeTransaction restored = lookup.add(new FakeTransaction());
        FakeCommitRequest request = request(restored, PravegaCommittable.NO_TIMESTAMP, 0);

        committer.commit(List.of(request));

        assertThat(request.outcome()).isEqualTo(Outcome.COMMITTED);
        assertThat(restored.commits).hasSize(1);
        assertThat(lookup.lookedUp).containsExactly(restored.getTxnId());
        assertThat(handed.commits).as("another transaction handed over").isEmpty();
    }

    @Test
    void aTransactionHandedToAnotherSubtaskIsLookedUpById() {
        PravegaCommitter committer = committerWithHandOff();
        HandOffKey otherSubtask = new HandOffKey(sinkId, jobId, 1, 0);
        FakeTransaction writersObject = new FakeTransaction();
        try (TransactionHandOff.CommitterSide otherCommitter =
                        TransactionHandOff.openCommitterSide(otherSubtask);
                TransactionHandOff.WriterSide otherWriter =
                        TransactionHandOff.openWriterSide(otherSubtask)) {
            assertThat(otherWriter.hand(writersObject)).isTrue();
            FakeTransaction lookedUp = lookup.add(new FakeTransaction(), writersObject.getTxnId());

            committer.commit(List.of(request(writersObject, PravegaCommittable.NO_TIMESTAMP, 0)));

            assertThat(lookedUp.commits).hasSize(1);
            assertThat(writersObject.commits).as("the other subtask's object").isEmpty();
            assertThat(otherCommitter.take(writersObject.getTxnId())).isSameAs(writersObject);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Transaction.Status.class,
            names = {"COMMITTING", "COMMITTED"})
    void aTransactionCommittingOrCommittedIsAlreadyCommitted(Transaction.Status status) {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction txn = lookup.add(new FakeTransaction());
        txn.status = status;
        FakeCommitRequest request = request(txn, PravegaCommittable.NO_TIMESTAMP, 0);

        committer.commit(List.of(request));

        assertThat(request.outcome()).isEqualTo(Outcome.ALREADY_COMMITTED);
        assertThat(txn.commits).isEmpty();
        assertThat(lost.getCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = Transaction.Status.class,
            names = {"ABORTING", "ABORTED"})
    void aTransactionPravegaAbortedIsReportedAndCountedAsLost(Transaction.Status status) {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction txn = handedOver(new FakeTransaction());
        txn.status = status;
        FakeCommitRequest request = request(txn, PravegaCommittable.NO_TIMESTAMP, 0);

        committer.commit(List.of(request));

        assertThat(request.outcome()).isEqualTo(Outcome.FAILED_KNOWN);
        assertThat(request.failure)
                .hasMessageContaining(
                        "Pravega aborted transaction "
                                + txn.getTxnId()
                                + " on stream 'scope/stream'")
                .hasMessageContaining("are LOST")
                .hasMessageContaining("lease of 30 s")
                .hasMessageContaining("withTxnLeaseRenewalPeriod");
        assertThat(txn.commits).isEmpty();
        assertThat(lost.getCount()).isEqualTo(1);
    }

    /** Its lease ran out between the status check and the commit. */
    @Test
    void aCommitThatPravegaRefusesIsReportedAndCountedAsLost() {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction txn = handedOver(new FakeTransaction());
        TxnFailedException refused = new TxnFailedException("expired");
        txn.commitFailure = refused;
        FakeCommitRequest request = request(txn, PravegaCommittable.NO_TIMESTAMP, 0);

        committer.commit(List.of(request));

        assertThat(request.outcome()).isEqualTo(Outcome.FAILED_KNOWN);
        assertThat(request.failure).hasMessageContaining("are LOST").hasCause(refused);
        assertThat(lost.getCount()).isEqualTo(1);
    }

    /**
     * What the client throws for a transaction the controller does not know, or a call that failed
     * once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lookup", "status", "commit"})
    void aTransientFailureIsRetriedLater(String where) {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction txn = lookup.add(new FakeTransaction());
        failAt(where, txn, new StatusRuntimeException(Status.NOT_FOUND));

        for (int retries : new int[] {0, PravegaCommitter.MAX_RETRIES - 1}) {
            FakeCommitRequest request = request(txn, PravegaCommittable.NO_TIMESTAMP, retries);
            committer.commit(List.of(request));
            assertThat(request.outcome())
                    .as("after %d retries", retries)
                    .isEqualTo(Outcome.RETRY_LATER);
        }
        assertThat(txn.commits).isEmpty();
        assertThat(lost.getCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lookup", "status", "commit"})
    void aFailureThatOutlastsTheRetriesFailsTheJob(String where) {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction txn = lookup.add(new FakeTransaction());
        StatusRuntimeException failure = new StatusRuntimeException(Status.UNAVAILABLE);
        failAt(where, txn, failure);
        FakeCommitRequest request =
                request(txn, PravegaCommittable.NO_TIMESTAMP, PravegaCommitter.MAX_RETRIES);

        committer.commit(List.of(request));

        assertThat(request.outcome()).isEqualTo(Outcome.FAILED_UNKNOWN);
        assertThat(request.failure)
                .hasMessageContaining("Could not commit Pravega transaction " + txn.getTxnId())
                .hasMessageContaining("after " + PravegaCommitter.MAX_RETRIES + " attempts")
                .hasCause(failure);
        assertThat(lost.getCount()).isZero();
    }

    /** The client retried for minutes already: the job restarts and commits from its checkpoint. */
    @ParameterizedTest
    @ValueSource(strings = {"lookup", "status", "commit"})
    void aClientThatExhaustedItsRetriesFailsTheJobAtOnceNamingTheController(String where) {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction txn = lookup.add(new FakeTransaction());
        RetriesExhaustedException failure =
                new RetriesExhaustedException(new StatusRuntimeException(Status.UNAVAILABLE));
        failAt(where, txn, failure);
        FakeCommitRequest request = request(txn, PravegaCommittable.NO_TIMESTAMP, 0);

        committer.commit(List.of(request));

        assertThat(request.outcome()).isEqualTo(Outcome.FAILED_UNKNOWN);
        assertThat(request.failure)
                .hasMessageContaining("Pravega at " + CONTROLLER + " did not answer")
                .hasMessageContaining("commits it from its last checkpoint")
                .hasCause(failure);
        assertThat(lost.getCount()).isZero();
    }

    /** Taken once: a retry goes through the fallback, as a restored transaction would. */
    @Test
    void aRetryOfAHandedOverTransactionLooksItUp() {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction handed = handedOver(new FakeTransaction());
        handed.commitFailure = new StatusRuntimeException(Status.UNAVAILABLE);
        FakeTransaction lookedUp = lookup.add(new FakeTransaction(), handed.getTxnId());

        FakeCommitRequest first = request(handed, PravegaCommittable.NO_TIMESTAMP, 0);
        committer.commit(List.of(first));
        FakeCommitRequest retry = request(handed, PravegaCommittable.NO_TIMESTAMP, 1);
        committer.commit(List.of(retry));

        assertThat(first.outcome()).isEqualTo(Outcome.RETRY_LATER);
        assertThat(retry.outcome()).isEqualTo(Outcome.COMMITTED);
        assertThat(lookedUp.commits).hasSize(1);
        assertThat(lookup.lookedUp).containsExactly(handed.getTxnId());
    }

    @Test
    void eachRequestIsSettledOnItsOwn() {
        PravegaCommitter committer = committerWithHandOff();
        FakeTransaction aborted = handedOver(new FakeTransaction());
        aborted.status = Transaction.Status.ABORTED;
        FakeTransaction open = handedOver(new FakeTransaction());
        FakeCommitRequest lostOne = request(aborted, PravegaCommittable.NO_TIMESTAMP, 0);
        FakeCommitRequest committed = request(open, PravegaCommittable.NO_TIMESTAMP, 0);

        committer.commit(List.of(lostOne, committed));

        assertThat(lostOne.outcome()).isEqualTo(Outcome.FAILED_KNOWN);
        assertThat(committed.outcome()).isEqualTo(Outcome.COMMITTED);
        assertThat(open.commits).hasSize(1);
    }

    @Test
    void closingReleasesItsSideAndItsLookup() {
        PravegaCommitter committer =
                new PravegaCommitter(
                        config(PravegaWriterMode.EXACTLY_ONCE),
                        lost,
                        TransactionHandOff.openCommitterSide(key),
                        lookup);
        assertThat(TransactionHandOff.isOpen(key)).isTrue();

        committer.close();

        assertThat(TransactionHandOff.isOpen(key)).isFalse();
        assertThat(lookup.closed).isTrue();
    }

    /**
     * The sink's constructor opens a side in exactly-once mode only; it needs no Pravega until a
     * lookup.
     */
    @ParameterizedTest
    @EnumSource(PravegaWriterMode.class)
    void theSinksCommitterOpensASideInExactlyOnceModeOnly(PravegaWriterMode mode) {
        try (PravegaCommitter committer = new PravegaCommitter(config(mode), lost, key)) {
            assertThat(TransactionHandOff.isOpen(key))
                    .isEqualTo(mode == PravegaWriterMode.EXACTLY_ONCE);
        }
        assertThat(TransactionHandOff.isOpen(key)).isFalse();
    }

    // ---------------------------------------------------------------------------------------

    private PravegaCommitter committerWithHandOff() {
        PravegaCommitter committer =
                new PravegaCommitter(
                        config(PravegaWriterMode.EXACTLY_ONCE),
                        lost,
                        TransactionHandOff.openCommitterSide(key),
                        lookup);
        toClose.add(committer);
        return committer;
    }

    /** Handed over by the writer of the committer's own subtask attempt. */
    private FakeTransaction handedOver(FakeTransaction txn) {
        TransactionHandOff.WriterSide writer = TransactionHandOff.openWriterSide(key);
        toClose.add(0, writer);
        assertThat(writer.hand(txn)).as("handed over").isTrue();
        return txn;
    }

    private void failAt(String where, FakeTransaction txn, RuntimeException failure) {
        switch (where) {
            case "lookup":
                lookup.failure = failure;
                break;
            case "status":
                txn.statusFailure = failure;
                break;
            default:
                txn.commitFailure = failure;
        }
    }

    private static FakeCommitRequest request(FakeTransaction txn, long timestamp, int retries) {
        return new FakeCommitRequest(
                new PravegaCommittable(STREAM.getScopedName(), txn.getTxnId(), timestamp), retries);
    }

    private static PravegaSinkConfig config(PravegaWriterMode mode) {
        return new PravegaSinkConfig(
                PravegaConfig.forController(CONTROLLER),
                STREAM,
                mode,
                Duration.ofSeconds(30),
                false,
                true,
                null);
    }

    /** Stands for {@code getTxn(id)} on a writer of the committer's own. */
    private static final class FakeLookup implements TransactionLookup {
        final Map<UUID, FakeTransaction> transactions = new HashMap<>();
        final List<UUID> lookedUp = new ArrayList<>();
        RuntimeException failure;
        boolean closed;

        FakeTransaction add(FakeTransaction txn) {
            return add(txn, txn.getTxnId());
        }

        /** What {@code getTxn(txnId)} returns: another object for the same transaction. */
        FakeTransaction add(FakeTransaction txn, UUID txnId) {
            transactions.put(txnId, txn);
            return txn;
        }

        @Override
        public Transaction<ByteBuffer> getTxn(PravegaCommittable committable) {
            lookedUp.add(committable.getTxnId());
            if (failure != null) {
                throw failure;
            }
            FakeTransaction txn = transactions.get(committable.getTxnId());
            if (txn == null) {
                throw new AssertionError("not looked up by the test: " + committable);
            }
            return txn;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
