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
package io.pravega.connectors.flink.testing;

import io.pravega.schemaregistry.server.rest.RestServer;
import io.pravega.schemaregistry.server.rest.ServiceConfig;
import io.pravega.schemaregistry.service.SchemaRegistryService;
import io.pravega.schemaregistry.storage.SchemaStoreFactory;

import org.apache.flink.annotation.Experimental;

import org.glassfish.grizzly.http.server.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Pravega Schema Registry inside this JVM: the registry's REST server with its in-memory store,
 * on a loopback port. It needs no Pravega cluster; its groups and schemas live until {@link
 * #close()}.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start()) {
 *     SchemaRegistryClientConfig config =
 *             SchemaRegistryClientConfig.builder().schemaRegistryUri(registry.uri()).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the server and every thread it started.
 */
@Experimental
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final String HOST = "127.0.0.1";
    private static final AtomicInteger REGISTRY_IDS = new AtomicInteger();

    /** The registry's own default port. */
    public static final int DEFAULT_PORT = 9092;

    /** The store and the service run their futures here; requests are few in tests. */
    private static final int EXECUTOR_THREADS = 4;

    /** A free port may be taken by someone else before the server binds it; then try another. */
    private static final int FREE_PORT_ATTEMPTS = 3;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Grizzly's graceful shutdown waits for requests in flight, at most this long; the server's own
     * shutdown bounds it at 30 s, so we wait a little longer before giving up.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(35);

    private static final Duration EXECUTOR_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final RestServer server;
    private final ScheduledExecutorService executor;
    private final URI uri;
    private boolean closed;

    private EmbeddedSchemaRegistry(RestServer server, ScheduledExecutorService executor, int port) {
        this.server = server;
        this.executor = executor;
        this.uri = URI.create("http://" + HOST + ":" + port);
    }

    /** Starts a registry on a free loopback port. */
    public static EmbeddedSchemaRegistry start() {
        return start(0);
    }

    /**
     * Starts a registry on {@code port} of the loopback address; fails with a clear message if the
     * port is taken. 0 picks a free port.
     */
    public static EmbeddedSchemaRegistry start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "Schema Registry port must be 0 (any) to 65535, got " + port);
        }
        if (port != 0) {
            return startOnce(requireFree(port));
        }
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= FREE_PORT_ATTEMPTS; attempt++) {
            int freePort = EmbeddedPravega.freePort(0);
            try {
                return startOnce(freePort);
            } catch (RuntimeException e) {
                lastFailure = e;
                LOG.warn(
                        "Embedded Schema Registry did not start on port {} (attempt {} of {})",
                        freePort,
                        attempt,
                        FREE_PORT_ATTEMPTS,
                        e);
            }
        }
        throw lastFailure;
    }

    private static EmbeddedSchemaRegistry startOnce(int port) {
        ScheduledExecutorService executor = newExecutor();
        RestServer server = null;
        long start = System.nanoTime();
        try {
            SchemaRegistryService service =
                    new SchemaRegistryService(
                            SchemaStoreFactory.createInMemoryStore(executor), executor);
            // Bound to loopback only: this registry has neither TLS nor authentication.
            ServiceConfig config = ServiceConfig.builder().host(HOST).port(port).build();
            server = new RestServer(service, config);
            // The Grizzly server binds its port synchronously in startUp, so running means
            // listening.
            server.startAsync().awaitRunning(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | RuntimeException e) {
            if (server != null) {
                stopServer(server);
            }
            stopExecutor(executor);
            throw new IllegalStateException(
                    "Embedded Schema Registry did not start on port " + port + ": " + e, e);
        }
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, executor, port);
        LOG.info(
                "Embedded Schema Registry ready at {} in {} ms",
                registry.uri,
                (System.nanoTime() - start) / 1_000_000);
        return registry;
    }

    /** The REST URI to give Schema Registry clients, such as {@code http://127.0.0.1:34567}. */
    public URI uri() {
        return uri;
    }

    /** Stops the server and its executor, waiting for their threads to end. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        stopServer(server);
        stopExecutor(executor);
        LOG.info(
                "Embedded Schema Registry at {} stopped in {} ms",
                uri,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static void stopServer(RestServer server) {
        try {
            server.stopAsync().awaitTerminated(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | IllegalStateException e) {
            // IllegalStateException: the server failed, e.g. to start; there is nothing to stop.
            LOG.warn("Embedded Schema Registry server did not stop cleanly", e);
        }
        // Grizzly 2.4's graceful shutdown, which RestServer uses, closes the listener but never
        // calls HttpServer.shutdownNow(): the server's delayed-executor thread ("HttpServer-0")
        // would live on and Jersey's application would never be shut down. Finish the job.
        HttpServer httpServer = httpServerOf(server);
        if (httpServer != null) {
            try {
                httpServer.shutdownNow();
            } catch (RuntimeException e) {
                LOG.warn("Embedded Schema Registry HTTP server did not shut down cleanly", e);
            }
        }
    }

    /** RestServer keeps its Grizzly server private; null if it never started one. */
    @Nullable
    private static HttpServer httpServerOf(RestServer server) {
        try {
            Field field = RestServer.class.getDeclaredField("httpServer");
            field.setAccessible(true);
            return (HttpServer) field.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn(
                    "Cannot reach the Schema Registry's HTTP server; one of its threads may stay "
                            + "alive after close",
                    e);
            return null;
        }
    }

    private static void stopExecutor(ScheduledExecutorService executor) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(
                    EXECUTOR_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Embedded Schema Registry executor did not stop within {} s",
                        EXECUTOR_STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ScheduledExecutorService newExecutor() {
        int id = REGISTRY_IDS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(
                        EXECUTOR_THREADS,
                        r -> {
                            Thread thread =
                                    new Thread(
                                            r,
                                            "embedded-schema-registry-"
                                                    + id
                                                    + "-"
                                                    + threads.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
        // Cancelled retries and timeouts must not keep the queue, or the threads, busy.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Fails with a clear message if {@code port} is taken on the loopback address. */
    static int requireFree(int port) {
        if (!isFree(port)) {
            throw new IllegalStateException(
                    "Port "
                            + port
                            + " is taken: another Schema Registry, or another program, "
                            + "listens there. Stop it, or choose another Schema Registry port (0 "
                            + "picks any free port).");
        }
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
