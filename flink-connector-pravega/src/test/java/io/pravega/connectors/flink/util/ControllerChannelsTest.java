package io.pravega.connectors.flink.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerChannelsTest {

    @Test
    void namesThePropertiesOfThisCopyOfGrpcsNetty() {
        // Unrelocated here; in the SQL jar, the same code yields the relocated package.
        assertThat(ControllerChannels.nettyPrefix()).isEqualTo("io.grpc.netty.shaded.io.netty.");
    }

    @Test
    void aCopyOnTheSystemClassPathKeepsNativeLibrariesAvailable() {
        String noNative = ControllerChannels.nettyPrefix() + "transport.noNative";
        String before = System.getProperty(noNative);
        ControllerChannels.keepNativeLibrariesUnloaded();
        // Flink's lib/ is never released, so nothing is switched off there.
        assertThat(System.getProperty(noNative)).isEqualTo(before);
    }
}
