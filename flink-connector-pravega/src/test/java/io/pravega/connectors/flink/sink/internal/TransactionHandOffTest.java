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

import org.apache.flink.api.common.JobID;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionHandOffTest {

    private final String sinkId = UUID.randomUUID().toString();
    private final JobID jobId = new JobID();
    private final HandOffKey key = new HandOffKey(sinkId, jobId, 0, 0);

    @Test
    void theCommitterOfTheSameSubtaskAttemptTakesTheWritersObjectOnce() {
        FakeTransaction txn = new FakeTransaction();
        try (TransactionHandOff.CommitterSide committer =
                        TransactionHandOff.openCommitterSide(key);
                TransactionHandOff.WriterSide writer = TransactionHandOff.openWriterSide(key)) {
            assertThat(writer.hand(txn)).isTrue();
            assertThat(committer.take(UUID.randomUUID())).as("another transaction").isNull();
            assertThat(committer.take(txn.getTxnId())).isSameAs(txn);
            assertThat(committer.take(txn.getTxnId())).as("taken already").isNull();
        }
        assertThat(TransactionHandOff.isOpen(key)).isFalse();
    }

    @Test
    void anotherSubtaskAttemptSinkOrJobSeesNothing() {
        List<HandOffKey> others =
                List.of(
                        new HandOffKey(sinkId, jobId, 1, 0),
                        new HandOffKey(sinkId, jobId, 0, 1),
                        new HandOffKey(UUID.randomUUID().toString(), jobId, 0, 0),
                        new HandOffKey(sinkId, new JobID(), 0, 0));
        FakeTransaction txn = new FakeTransaction();
        try (TransactionHandOff.CommitterSide own = TransactionHandOff.openCommitterSide(key);
                TransactionHandOff.WriterSide writer = TransactionHandOff.openWriterSide(key)) {
            assertThat(writer.hand(txn)).isTrue();
            for (HandOffKey other : others) {
                try (TransactionHandOff.CommitterSide committer =
                        TransactionHandOff.openCommitterSide(other)) {
                    assertThat(committer.take(txn.getTxnId()))
                            .as("the committer of %s", other)
                            .isNull();
                }
                assertThat(TransactionHandOff.isOpen(other))
                        .as("%s after its committer closed", other)
                        .isFalse();
            }
            assertThat(own.take(txn.getTxnId()))
                    .as("the committer of %s, after the others", key)
                    .isSameAs(txn);
        }
    }

    @Test
    void bothSidesClosedReleaseTheChannelAndWhatItHeld() {
        FakeTransaction untaken = new FakeTransaction();
        TransactionHandOff.WriterSide writer = TransactionHandOff.openWriterSide(key);
        TransactionHandOff.CommitterSide committer = TransactionHandOff.openCommitterSide(key);
        assertThat(writer.hand(untaken)).isTrue();

        committer.close();
        assertThat(TransactionHandOff.isOpen(key)).as("open while the writer is").isTrue();
        writer.close();
        assertThat(TransactionHandOff.isOpen(key)).isFalse();

        // A new attempt under the same key (e.g. a job resubmitted with a fixed id) starts empty.
        try (TransactionHandOff.CommitterSide next = TransactionHandOff.openCommitterSide(key)) {
            assertThat(next.take(untaken.getTxnId())).isNull();
        }
        assertThat(TransactionHandOff.isOpen(key)).isFalse();
    }

    @Test
    void aClosingWriterTakesItsUntakenTransactionsAlong() {
        FakeTransaction untaken = new FakeTransaction();
        try (TransactionHandOff.CommitterSide committer =
                TransactionHandOff.openCommitterSide(key)) {
            TransactionHandOff.WriterSide writer = TransactionHandOff.openWriterSide(key);
            assertThat(writer.hand(untaken)).isTrue();
            writer.close();
            assertThat(committer.take(untaken.getTxnId()))
                    .as("the writer's object after it closed")
                    .isNull();
            assertThat(TransactionHandOff.isOpen(key)).as("open while the committer is").isTrue();
        }
        assertThat(TransactionHandOff.isOpen(key)).isFalse();
    }

    @Test
    void withoutACommitterHereNothingIsKept() {
        FakeTransaction txn = new FakeTransaction();
        try (TransactionHandOff.WriterSide writer = TransactionHandOff.openWriterSide(key)) {
            assertThat(writer.hand(txn)).as("handed with no committer").isFalse();
            try (TransactionHandOff.CommitterSide late =
                    TransactionHandOff.openCommitterSide(key)) {
                assertThat(late.take(txn.getTxnId())).isNull();
            }
        }
        assertThat(TransactionHandOff.isOpen(key)).isFalse();
    }

    @Test
    void aSideClosedTwiceCountsOnce() {
        FakeTransaction txn = new FakeTransaction();
        TransactionHandOff.WriterSide writer1 = TransactionHandOff.openWriterSide(key);
        TransactionHandOff.WriterSide writer2 = TransactionHandOff.openWriterSide(key);
        TransactionHandOff.CommitterSide committer1 = TransactionHandOff.openCommitterSide(key);
        TransactionHandOff.CommitterSide committer2 = TransactionHandOff.openCommitterSide(key);

        committer1.close();
        committer1.close();
        assertThat(committer1.take(txn.getTxnId())).as("a closed side").isNull();
        assertThat(writer2.hand(txn)).as("handed while one committer is open").isTrue();
        assertThat(committer2.take(txn.getTxnId())).isSameAs(txn);

        writer1.close();
        writer1.close();
        committer2.close();
        assertThat(TransactionHandOff.isOpen(key)).as("open while one writer is").isTrue();
        writer2.close();
        assertThat(TransactionHandOff.isOpen(key)).isFalse();
    }

    /**
     * One sink object used twice in a job: its copies share a key, and each committer gets its own
     * writer's.
     */
    @Test
    void twoCopiesOfOneSinkShareTheChannelUntilTheLastSideCloses() {
        FakeTransaction first = new FakeTransaction();
        FakeTransaction second = new FakeTransaction();
        TransactionHandOff.CommitterSide committer1 = TransactionHandOff.openCommitterSide(key);
        TransactionHandOff.CommitterSide committer2 = TransactionHandOff.openCommitterSide(key);
        TransactionHandOff.WriterSide writer1 = TransactionHandOff.openWriterSide(key);
        TransactionHandOff.WriterSide writer2 = TransactionHandOff.openWriterSide(key);
        assertThat(writer1.hand(first)).isTrue();
        assertThat(writer2.hand(second)).isTrue();

        writer1.close();
        assertThat(committer1.take(first.getTxnId())).as("closed writer's").isNull();
        assertThat(committer2.take(second.getTxnId())).as("open writer's").isSameAs(second);

        committer1.close();
        writer2.close();
        assertThat(TransactionHandOff.isOpen(key)).as("open while one committer is").isTrue();
        committer2.close();
        assertThat(TransactionHandOff.isOpen(key)).isFalse();
    }
}
