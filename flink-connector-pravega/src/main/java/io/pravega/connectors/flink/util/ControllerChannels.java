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

import io.pravega.client.ClientConfig;
import io.pravega.client.control.impl.Controller;
import io.pravega.client.control.impl.ControllerImpl;
import io.pravega.client.control.impl.ControllerImplConfig;

import org.apache.flink.annotation.Internal;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.buffer.UnpooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Controller clients whose gRPC channel the connector owns: its own single-thread NIO event loop,
 * unpooled buffers, and a record of the last failed call.
 *
 * <ul>
 *   <li>gRPC's default event loop is shared by the whole class loader and shuts down a second after
 *       its last channel, asynchronously; in a job's class loader it outlived the job.
 *   <li>gRPC's pooled allocator keeps 2 MiB direct chunks per arena for as long as its class loader
 *       lives, and reaches its caches through thread-locals of every thread that called it.
 *   <li>gRPC's Netty loads native libraries (epoll, OpenSSL) when it first looks for them. The JVM
 *       then holds global JNI references to classes of the loading class loader, so a job's class
 *       loader that loaded them is never collected. Only a copy of the connector in a releasable
 *       class loader keeps them unloaded; see {@link #keepNativeLibrariesUnloaded}.
 * </ul>
 */
@Internal
final class ControllerChannels {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerChannels.class);

    /** As the Pravega client sets it. */
    private static final long KEEPALIVE_MINUTES = 6;

    /** This (possibly relocated) copy of gRPC's Netty, as its system properties name it. */
    private static final String NETTY_PREFIX = nettyPrefix();

    private ControllerChannels() {}

    /** A controller client and the event loop its channel runs on. */
    static final class Channel {
        private final Controller controller;
        private final NioEventLoopGroup eventLoop;
        private final AtomicReference<Throwable> lastFailure;

        Channel(
                Controller controller,
                NioEventLoopGroup eventLoop,
                AtomicReference<Throwable> lastFailure) {
            this.controller = controller;
            this.eventLoop = eventLoop;
            this.lastFailure = lastFailure;
        }

        Controller controller() {
            return controller;
        }

        @Nullable
        Throwable lastFailure() {
            return lastFailure.get();
        }

        /**
         * Closes the controller, then ends the event loop's thread, waiting at most {@code
         * timeout}.
         */
        void shutdown(Duration timeout) {
            try {
                controller.close();
            } catch (RuntimeException | LinkageError e) {
                // The event loop is ours: its thread ends below even if gRPC's shutdown broke off.
                LOG.warn("Could not close the Pravega controller channel", e);
            }
            try {
                if (!eventLoop
                        .shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .await(timeout.toMillis() * 2)) {
                    LOG.warn(
                            "The Pravega controller channel's event loop did not stop within {} s",
                            timeout.toSeconds() * 2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Channel open(
            ClientConfig clientConfig, ScheduledExecutorService executor, String threadName) {
        keepNativeLibrariesUnloaded();
        NioEventLoopGroup eventLoop =
                new NioEventLoopGroup(1, PravegaClients.daemonThreads(threadName));
        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        try {
            NettyChannelBuilder builder =
                    NettyChannelBuilder.forTarget(clientConfig.getControllerURI().toString())
                            .nameResolverFactory(pravegaNameResolver(executor))
                            .defaultLoadBalancingPolicy("round_robin")
                            .directExecutor()
                            .keepAliveTime(KEEPALIVE_MINUTES, TimeUnit.MINUTES)
                            .channelType(NioSocketChannel.class)
                            .eventLoopGroup(eventLoop)
                            .withOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                            .intercept(new FailureRecorder(lastFailure));
            Controller controller =
                    new ControllerImpl(
                            builder,
                            ControllerImplConfig.builder().clientConfig(clientConfig).build(),
                            executor,
                            null);
            return new Channel(controller, eventLoop, lastFailure);
        } catch (RuntimeException | Error e) {
            eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * Waits until the thread of this Netty copy's global executor has ended. Shutting an event loop
     * down wakes that thread, which then lingers for a second; it must not outlive the job's class
     * loader.
     */
    static void awaitGlobalExecutorThread(Duration timeout) {
        try {
            GlobalEventExecutor.INSTANCE.awaitInactivity(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IllegalStateException e) {
            // Never started: nothing to wait for.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The Pravega client's own resolver, which understands its controller URIs ({@code tcp://},
     * {@code tls://}, several hosts, and controller discovery with {@code pravega://}). The client
     * constructs it only for its shared-event-loop channel; the class is not public.
     */
    private static NameResolver.Factory pravegaNameResolver(ScheduledExecutorService executor) {
        try {
            Class<?> type =
                    Class.forName("io.pravega.client.control.impl.ControllerResolverFactory");
            Constructor<?> constructor =
                    type.getDeclaredConstructor(ScheduledExecutorService.class);
            constructor.setAccessible(true);
            return (NameResolver.Factory) constructor.newInstance(executor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "This Pravega client version has no ControllerResolverFactory("
                            + "ScheduledExecutorService) any more; the connector needs Pravega "
                            + "client 0.13.",
                    e);
        }
    }

    /**
     * Tells this copy of gRPC's Netty not to load its native epoll and OpenSSL libraries, if the
     * copy lives in a class loader that Flink releases after the job. The properties are named
     * after this copy's (relocated) package, so other copies of Netty are not affected; a value set
     * by the user wins. A copy in Flink's {@code lib/} is never released and keeps them.
     */
    static void keepNativeLibrariesUnloaded() {
        if (ControllerChannels.class.getClassLoader() == ClassLoader.getSystemClassLoader()) {
            return;
        }
        setIfAbsent(NETTY_PREFIX + "transport.noNative");
        setIfAbsent(NETTY_PREFIX + "handler.ssl.noOpenSsl");
    }

    private static void setIfAbsent(String property) {
        synchronized (System.getProperties()) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

    /**
     * "io.grpc.netty.shaded.io.netty.", or its relocated name: a class literal is not initialized.
     */
    static String nettyPrefix() {
        String epoll = Epoll.class.getName();
        return epoll.substring(0, epoll.length() - "channel.epoll.Epoll".length());
    }

    /** Keeps the last failure of a controller call, so that a timeout can name what went wrong. */
    private static final class FailureRecorder implements ClientInterceptor {
        private final AtomicReference<Throwable> lastFailure;

        FailureRecorder(AtomicReference<Throwable> lastFailure) {
            this.lastFailure = lastFailure;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(
                MethodDescriptor<Q, R> method, CallOptions options, io.grpc.Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(
                    next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(
                            new ForwardingClientCallListener.SimpleForwardingClientCallListener<R>(
                                    listener) {
                                @Override
                                public void onClose(Status status, Metadata trailers) {
                                    if (!status.isOk()) {
                                        lastFailure.set(
                                                status.getCause() != null
                                                        ? status.getCause()
                                                        : status.asRuntimeException());
                                    }
                                    super.onClose(status, trailers);
                                }
                            },
                            headers);
                }
            };
        }
    }
}
