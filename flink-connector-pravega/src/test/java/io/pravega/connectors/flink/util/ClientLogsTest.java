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

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientLogsTest {

    @Test
    void anUnconfiguredLoggerIsSetToWarnUnderLog4j2() {
        String name = "io.pravega.test.unconfigured";
        assertThat(ClientLogs.setToWarnUnlessConfigured(name)).isTrue();
        assertThat(LogManager.getLogger(name).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void aLoggerTheUserConfiguredIsLeftAlone() {
        String name = "io.pravega.test.configured";
        Configurator.setLevel(name, Level.DEBUG);
        assertThat(ClientLogs.setToWarnUnlessConfigured(name)).isFalse();
        assertThat(LogManager.getLogger(name).getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void theCheckpointPollLoggerIsPravegasReaderGroup() {
        assertThat(ClientLogs.CHECKPOINT_POLL_LOGGER)
                .isEqualTo("io.pravega.client.stream.impl.ReaderGroupImpl");
    }
}
