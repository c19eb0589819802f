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
        assertThat(ClientLogs.CHECKPOINT_POLL_LOGGER).isEqualTo("io.pravega.client.stream.impl.ReaderGroupImpl");
    }
}
