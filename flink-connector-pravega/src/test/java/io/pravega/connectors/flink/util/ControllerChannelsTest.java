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

import io.pravega.client.control.impl.Controller;

import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
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
        Controller breaking =
                (Controller)
                        Proxy.newProxyInstance(
                                getClass().getClassLoader(),
                                new Class<?>[] {Controller.class},
                                (proxy, method, args) -> {
                                    throw new NoClassDefFoundError(
                                            "io/grpc/internal/NoopClientStream");
                                });
        NioEventLoopGroup eventLoop =
                new NioEventLoopGroup(1, PravegaClients.daemonThreads("test-controller"));
        eventLoop.submit(() -> {}).syncUninterruptibly();

        new ControllerChannels.Channel(breaking, eventLoop, new AtomicReference<>())
                .shutdown(Duration.ofSeconds(5));

        assertThat(eventLoop.isTerminated()).isTrue();
    }
}
