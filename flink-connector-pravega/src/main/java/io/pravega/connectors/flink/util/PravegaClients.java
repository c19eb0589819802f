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

import io.pravega.client.BatchClientFactory;
import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.admin.impl.ReaderGroupManagerImpl;
import io.pravega.client.admin.impl.StreamManagerImpl;
import io.pravega.client.batch.impl.BatchClientFactoryImpl;
import io.pravega.client.connection.impl.ConnectionPoolImpl;
import io.pravega.client.connection.impl.SocketConnectionFactoryImpl;
import io.pravega.client.control.impl.Controller;
import io.pravega.client.stream.impl.ClientFactoryImpl;
import io.pravega.connectors.flink.PravegaConfig;

import org.apache.flink.annotation.Internal;
import org.apache.flink.util.UserCodeClassLoader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Pravega client objects of one connector component (an enumerator, a reader, a writer, a
 * committer, a start-up check), with every thread they run on, and one {@link #close()} that ends
 * all of them before it returns.
 *
 * <p>Why not {@code EventStreamClientFactory.withScope(...)} and friends: those talk to the
 * controller over gRPC's JVM-wide event loop, which outlives the factories by a second or more and
 * runs on after a job's class loader is closed, and over gRPC's pooled direct buffers. In a Flink
 * session, where each job loads the connector anew, that pinned every job's class loader and its
 * direct memory. Here the controller channel runs on an event loop of its own, with unpooled
 * buffers, and {@link #close()} waits for its thread; see {@link ControllerChannels}.
 *
 * <p>The factories handed out belong to this object: callers use them and close this instead.
 */
@Internal
public final class PravegaClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PravegaClients.class);

    /** How long {@link #close()} waits for each kind of thread; the whole close stays bounded. */
    private static final Duration THREAD_STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String name;
    private final ClientConfig clientConfig;

    /** The poll blocks one; the others connect and complete replies. */
    private static final int READER_GROUP_THREADS = 3;

    private final ScheduledExecutorService executor;
    private final SocketConnectionFactoryImpl connectionFactory;
    private final ConnectionPoolImpl connectionPool;
    private final ControllerChannels.Channel channel;
    private final Controller controller;

    /** Everything to close, newest first. */
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    private boolean closed;

    private PravegaClients(
            PravegaConfig config,
            String purpose,
            int threads,
            boolean singleSegmentStoreConnection) {
        this.name = "pravega-" + purpose + "-" + INSTANCES.incrementAndGet();
        ClientConfig base = config.getClientConfig();
        // As ReaderGroupManager.withScope does: group state needs one connection per segment store.
        // toBuilder() forgets the TLS flags that the controller URI's scheme implied.
        this.clientConfig =
                singleSegmentStoreConnection
                        ? base.toBuilder()
                                .maxConnectionsPerSegmentStore(1)
                                .enableTlsToController(base.isEnableTlsToController())
                                .enableTlsToSegmentStore(base.isEnableTlsToSegmentStore())
                                .build()
                        : base;
        this.executor = clientExecutor(threads, name + "-client");
        this.connectionFactory = new SocketConnectionFactoryImpl(clientConfig, executor);
        this.connectionPool = new ConnectionPoolImpl(clientConfig, connectionFactory);
        this.channel = ControllerChannels.open(clientConfig, executor, name + "-controller");
        this.controller = channel.controller();
    }

    /** Clients for a component that writes or reads events: a thread per core, at least two. */
    public static PravegaClients open(PravegaConfig config, String purpose) {
        return new PravegaClients(
                config, purpose, Math.max(2, Runtime.getRuntime().availableProcessors()), false);
    }

    /**
     * Clients for reader-group administration: one connection per segment store, as {@code
     * ReaderGroupManager.withScope} has it, but more than its one thread. A reader group's
     * checkpoint-completion poll reads the group state on this executor and blocks until the answer
     * comes; (re)connecting to the segment store also runs here, so with one thread a poll that
     * needs a new connection waits for its own timeout, again and again.
     */
    public static PravegaClients openForReaderGroups(PravegaConfig config, String purpose) {
        return new PravegaClients(config, purpose, READER_GROUP_THREADS, true);
    }

    public Controller controller() {
        return controller;
    }

    public ScheduledExecutorService executor() {
        return executor;
    }

    /** The last failure of a controller call, for error messages; null if none failed. */
    @Nullable
    public Throwable lastControllerFailure() {
        return channel.lastFailure();
    }

    public synchronized EventStreamClientFactory eventStreamClientFactory(String scope) {
        return register(newClientFactory(scope));
    }

    public synchronized ReaderGroupManager readerGroupManager(String scope) {
        return register(new ReaderGroupManagerImpl(scope, controller, newClientFactory(scope)));
    }

    public synchronized StreamManager streamManager() {
        return register(new StreamManagerImpl(controller, connectionPool));
    }

    public synchronized BatchClientFactory batchClientFactory() {
        return register(new BatchClientFactoryImpl(controller, clientConfig, connectionFactory));
    }

    private ClientFactoryImpl newClientFactory(String scope) {
        return new ClientFactoryImpl(scope, controller, connectionPool);
    }

    private <T extends AutoCloseable> T register(T closeable) {
        if (closed) {
            closeQuietly(closeable);
            throw new IllegalStateException("Pravega clients " + name + " are closed");
        }
        closeables.push(closeable);
        return closeable;
    }

    /**
     * Closes every factory, the controller and the connections, then waits (bounded) until every
     * thread of these clients has ended, so that none runs on after the job's class loader is gone.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!closeables.isEmpty()) {
            closeQuietly(closeables.pop());
        }
        // The factories close the controller and pool too; both tolerate a second close.
        closeQuietly(controller);
        closeQuietly(connectionPool);
        closeQuietly(connectionFactory);
        // Whatever failed above, the threads must end: they would pin the job's class loader.
        channel.shutdown(THREAD_STOP_TIMEOUT);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(THREAD_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Threads of Pravega clients {} did not stop within {} s",
                        name,
                        THREAD_STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Also survives a {@link LinkageError}: Flink may close the job's class loader while an
     * enumerator closes, and a shutdown path that needs a class not loaded yet (gRPC has many) then
     * fails half way.
     */
    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception | LinkageError e) {
            LOG.warn(
                    "Could not close {} of Pravega clients {}",
                    closeable.getClass().getSimpleName(),
                    name,
                    e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * As the Pravega client's own executors: delayed tasks (retries, timeouts) are dropped at
     * shutdown, so that close() does not wait for them.
     */
    private static ScheduledExecutorService clientExecutor(int threads, String prefix) {
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(threads, daemonThreads(prefix));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * Lets threads that the Pravega client's libraries share within the class loader end before
     * Flink closes it (registered once per loader). Components whose close() Flink may run after
     * the loader is released (the enumerator) call {@link #awaitSharedThreads()} themselves.
     */
    public static void releaseWith(UserCodeClassLoader classLoader) {
        classLoader.registerReleaseHookIfAbsent(
                PravegaClients.class.getName(), PravegaClients::awaitSharedThreads);
    }

    /** Waits (bounded) for the threads that outlive closed clients for a moment to end. */
    public static void awaitSharedThreads() {
        ControllerChannels.awaitGlobalExecutorThread(THREAD_STOP_TIMEOUT);
    }

    /** Daemon threads named after their owner, so that a thread dump says whose they are. */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
