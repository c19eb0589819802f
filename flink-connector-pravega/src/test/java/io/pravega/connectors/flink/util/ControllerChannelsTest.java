package io.pravega.connectors.flink.util;

import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.pravega.client.control.impl.Controller;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

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

    @Test
    void aControllerWhoseCloseCannotLoadAClassStillEndsTheEventLoopThread() {
        // As when Flink closed the job's class loader under a closing enumerator.
        Controller breaking = (Controller) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Controller.class}, (proxy, method, args) -> {
                    throw new NoClassDefFoundError("io/grpc/internal/NoopClientStream");
                });
        NioEventLoopGroup eventLoop = new NioEventLoopGroup(1, PravegaClients.daemonThreads("test-controller"));
        eventLoop.submit(() -> { }).syncUninterruptibly();

        new ControllerChannels.Channel(breaking, eventLoop, new AtomicReference<>()).shutdown(Duration.ofSeconds(5));

        assertThat(eventLoop.isTerminated()).isTrue();
    }
}
