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

import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.pravega.connectors.flink.source.enumerator.readergroup.ReaderEpochs.Action.FAIL_GLOBALLY;
import static io.pravega.connectors.flink.source.enumerator.readergroup.ReaderEpochs.Action.JOIN;
import static io.pravega.connectors.flink.source.enumerator.readergroup.ReaderEpochs.Action.REWIND_THEN_JOIN;
import static org.assertj.core.api.Assertions.assertThat;

class ReaderEpochsTest {

    @Test
    void firstStartsJoin() {
        ReaderEpochs epochs = new ReaderEpochs();
        assertThat(epochs.onRegister(0, Set.of(0))).isEqualTo(JOIN);
        assertThat(epochs.onRegister(1, Set.of(0, 1))).isEqualTo(JOIN);
        assertThat(epochs.currentEpoch()).isZero();
    }

    @Test
    void restartOfAllReadersRewindsOnceThenJoins() {
        ReaderEpochs epochs = new ReaderEpochs();
        epochs.onRegister(0, Set.of(0));
        epochs.onRegister(1, Set.of(0, 1));
        epochs.onRegister(2, Set.of(0, 1, 2));
        // All failed and unregistered; they come back one by one.
        assertThat(epochs.onRegister(1, Set.of(1))).isEqualTo(REWIND_THEN_JOIN);
        assertThat(epochs.onRegister(0, Set.of(0, 1))).isEqualTo(JOIN);
        assertThat(epochs.onRegister(2, Set.of(0, 1, 2))).isEqualTo(JOIN);
        assertThat(epochs.currentEpoch()).isEqualTo(1);
    }

    @Test
    void restartWhileAnotherReaderRunsFailsGlobally() {
        ReaderEpochs epochs = new ReaderEpochs();
        epochs.onRegister(0, Set.of(0));
        epochs.onRegister(1, Set.of(0, 1));
        assertThat(epochs.onRegister(1, Set.of(0, 1))).isEqualTo(FAIL_GLOBALLY);
    }

    @Test
    void readerFailingAgainAfterTheRewindWhileOthersRunFailsGlobally() {
        ReaderEpochs epochs = new ReaderEpochs();
        epochs.onRegister(0, Set.of(0));
        epochs.onRegister(1, Set.of(0, 1));
        assertThat(epochs.onRegister(0, Set.of(0))).isEqualTo(REWIND_THEN_JOIN);
        assertThat(epochs.onRegister(1, Set.of(0, 1))).isEqualTo(JOIN);
        assertThat(epochs.onRegister(0, Set.of(0, 1))).isEqualTo(FAIL_GLOBALLY);
    }

    @Test
    void singleReaderRestartingAloneRewinds() {
        ReaderEpochs epochs = new ReaderEpochs();
        epochs.onRegister(0, Set.of(0));
        assertThat(epochs.onRegister(0, Set.of(0))).isEqualTo(REWIND_THEN_JOIN);
        assertThat(epochs.onRegister(0, Set.of(0))).isEqualTo(REWIND_THEN_JOIN);
        assertThat(epochs.currentEpoch()).isEqualTo(2);
    }
}
