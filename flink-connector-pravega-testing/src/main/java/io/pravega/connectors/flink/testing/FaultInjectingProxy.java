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

import org.apache.flink.annotation.Experimental;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback interface that forwards to one local port and injects network faults
 * on command: a partition, a one-way black hole, a reset of every open connection, added latency
 * and a bandwidth limit.
 *
 * <p>Faults behave as TCP does on a real network: bytes held back by a partition or black hole are
 * delivered, in order, once it heals (TCP retransmits them), unless the connection was reset or
 * closed meanwhile. A connection opened during a partition is accepted but reaches the target only
 * when the partition heals, like a connect whose SYN is retransmitted. Each direction of a
 * connection holds at most about 1 MiB in flight, so a held sender is pushed back as by a full TCP
 * window.
 *
 * <p>{@link EmbeddedPravega.Builder#withFaultInjection()} puts one proxy in front of the controller
 * and one in front of the segment store; most tests use it through {@link
 * EmbeddedPravega#faults()}.
 *
 * <pre>{@code
 * try (FaultInjectingProxy proxy = FaultInjectingProxy.start("db", 5432)) {
 *     connectTo(proxy.getPort());
 *     proxy.partitionFor(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
@Experimental
public final class FaultInjectingProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectingProxy.class);

    private static final int CHUNK_BYTES = 16 * 1024;

    /** Chunks in flight per direction of a connection: about 1 MiB. */
    private static final int CHUNKS_IN_FLIGHT = 64;

    /** How long a stopped pump may take to notice; bounds close(). */
    private static final long POLL_MILLIS = 50;

    /** The direction of traffic through the proxy. */
    public enum Direction {
        /** From the clients that connect to the proxy to the target. */
        TO_TARGET,
        /** From the target back to the clients. */
        FROM_TARGET
    }

    private final String name;
    private final int targetPort;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionIds = new AtomicInteger();

    /** Guards the fault settings; waiting pumps wait on it. */
    private final Object faults = new Object();

    private final boolean[] blocked = new boolean[Direction.values().length];
    private long latencyNanos;
    private long bytesPerSecond;

    /** Per direction: when the limited link is free again. */
    private final long[] linkFreeAtNanos = new long[Direction.values().length];

    private volatile boolean closed;

    private FaultInjectingProxy(String name, int targetPort, ServerSocket serverSocket) {
        this.name = name;
        this.targetPort = targetPort;
        this.serverSocket = serverSocket;
        this.acceptor = daemon(this::acceptLoop, "fault-proxy-" + name + "-accept");
    }

    /**
     * Starts a proxy on a free loopback port that forwards to {@code targetPort} on the loopback
     * interface; {@code name} appears in its threads' names and its log lines.
     */
    public static FaultInjectingProxy start(String name, int targetPort) {
        return start(name, 0, targetPort);
    }

    /** Starts a proxy on the given loopback port (0: any free port). */
    public static FaultInjectingProxy start(String name, int port, int targetPort) {
        if (targetPort <= 0 || targetPort > 65535) {
            throw new IllegalArgumentException("Target port must be 1 to 65535, got " + targetPort);
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            FaultInjectingProxy proxy = new FaultInjectingProxy(name, targetPort, socket);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Fault-injecting proxy " + name + " could not listen on port " + port, e);
        }
    }

    /** The loopback port that clients connect to. */
    public int getPort() {
        return serverSocket.getLocalPort();
    }

    /** The host clients use: the loopback address the proxy listens on. */
    public String getHost() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    /** The port the proxy forwards to. */
    public int getTargetPort() {
        return targetPort;
    }

    /** Connections open now. */
    public int openConnections() {
        return connections.size();
    }

    /** Holds back all traffic both ways, and new connections, until {@link #heal()}. */
    public void partition() {
        synchronized (faults) {
            Arrays.fill(blocked, true);
        }
        LOG.info("Fault proxy {}: partitioned", name);
    }

    /** A partition for {@code duration}; returns when it healed. */
    public void partitionFor(Duration duration) throws InterruptedException {
        partition();
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            heal();
        }
    }

    /** Holds back the traffic of one direction only until {@link #heal()}. */
    public void blackHole(Direction direction) {
        synchronized (faults) {
            blocked[direction.ordinal()] = true;
        }
        LOG.info("Fault proxy {}: black hole {}", name, direction);
    }

    /** Ends a partition or black hole: held traffic and connections go through. */
    public void heal() {
        synchronized (faults) {
            Arrays.fill(blocked, false);
            faults.notifyAll();
        }
        LOG.info("Fault proxy {}: healed", name);
    }

    /** Whether traffic in this direction is held back now. */
    public boolean isBlocked(Direction direction) {
        synchronized (faults) {
            return blocked[direction.ordinal()];
        }
    }

    /**
     * Resets every open connection: both sides get a TCP reset (RST), as from a load balancer or
     * firewall that dropped them. Returns how many were reset; new connections work at once.
     */
    public int resetConnections() {
        int reset = 0;
        for (Connection connection : connections) {
            if (connection.reset()) {
                reset++;
            }
        }
        LOG.info("Fault proxy {}: reset {} connections", name, reset);
        return reset;
    }

    /** Delays every byte, each way, by {@code latency} (zero: none). */
    public void setLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("Latency must not be negative, got " + latency);
        }
        synchronized (faults) {
            latencyNanos = latency.toNanos();
        }
        LOG.info("Fault proxy {}: latency {} ms each way", name, latency.toMillis());
    }

    /** Limits each direction, over all connections, to this rate (0: unlimited). */
    public void setBandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException(
                    "Bandwidth must not be negative, got " + bytesPerSecond);
        }
        synchronized (faults) {
            this.bytesPerSecond = bytesPerSecond;
        }
        LOG.info("Fault proxy {}: bandwidth {} bytes/s each way", name, bytesPerSecond);
    }

    /** Heals, and removes latency and bandwidth limits. Open connections stay open. */
    public void clearFaults() {
        synchronized (faults) {
            latencyNanos = 0;
            bytesPerSecond = 0;
        }
        heal();
    }

    /** Stops listening and closes every connection; their threads end soon after. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(serverSocket);
        for (Connection connection : connections) {
            connection.close();
        }
        synchronized (faults) {
            faults.notifyAll();
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultInjectingProxy[" + name + " " + getPort() + " -> " + targetPort + "]";
    }

    // ------------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = serverSocket.accept();
                Connection connection =
                        new Connection(client, name + "-" + connectionIds.incrementAndGet());
                connections.add(connection);
                daemon(connection::run, "fault-proxy-" + connection.id + "-connect").start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Fault proxy {}: accept failed", name, e);
                }
            }
        }
    }

    /** Waits while the direction is blocked; false if the proxy or the connection closed. */
    private boolean awaitOpen(Direction direction, Connection connection)
            throws InterruptedException {
        synchronized (faults) {
            while (blocked[direction.ordinal()] && !closed && !connection.isClosed()) {
                faults.wait(POLL_MILLIS);
            }
        }
        return !closed && !connection.isClosed();
    }

    private long latencyNanos() {
        synchronized (faults) {
            return latencyNanos;
        }
    }

    /** Reserves the limited link for {@code bytes}; returns when they may be sent. */
    private long linkSlot(Direction direction, int bytes) {
        synchronized (faults) {
            if (bytesPerSecond == 0) {
                return 0;
            }
            int d = direction.ordinal();
            long start = Math.max(System.nanoTime(), linkFreeAtNanos[d]);
            linkFreeAtNanos[d] = start + bytes * TimeUnit.SECONDS.toNanos(1) / bytesPerSecond;
            return linkFreeAtNanos[d];
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static Thread daemon(Runnable runnable, String threadName) {
        Thread thread = new Thread(runnable, threadName);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Bytes read at one time, and when they may be delivered. */
    private static final class Chunk {
        static final Chunk END = new Chunk(new byte[0], 0, 0);

        final byte[] bytes;
        final int length;
        final long dueNanos;

        Chunk(byte[] bytes, int length, long dueNanos) {
            this.bytes = bytes;
            this.length = length;
            this.dueNanos = dueNanos;
        }
    }

    /** One proxied connection: a client socket, its target socket, and a pump each way. */
    private final class Connection {
        final Socket client;
        final String id;
        volatile Socket target;
        private volatile boolean connectionClosed;

        /** Directions whose sender closed; when both did, the connection is done. */
        private final AtomicInteger directionsEnded = new AtomicInteger();

        Connection(Socket client, String id) {
            this.client = client;
            this.id = id;
        }

        boolean isClosed() {
            return connectionClosed;
        }

        void run() {
            try {
                // During a partition a new connection waits, as a SYN would be retransmitted.
                if (!awaitOpen(Direction.TO_TARGET, this)) {
                    close();
                    return;
                }
                Socket socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                target = socket;
                client.setTcpNoDelay(true);
                if (connectionClosed) {
                    close();
                    return;
                }
                pump(Direction.TO_TARGET, client, socket);
                pump(Direction.FROM_TARGET, socket, client);
            } catch (IOException e) {
                LOG.debug("Fault proxy connection {} could not reach its target", id, e);
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            }
        }

        /** A reader thread queues chunks; a writer thread delivers them when faults allow. */
        private void pump(Direction direction, Socket from, Socket to) throws IOException {
            BlockingQueue<Chunk> inFlight = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            String threadName = "fault-proxy-" + id + "-" + direction.name().toLowerCase();
            daemon(() -> read(in, inFlight), threadName + "-read").start();
            daemon(() -> write(direction, inFlight, out, to), threadName + "-write").start();
        }

        private void read(InputStream in, BlockingQueue<Chunk> inFlight) {
            try {
                while (!connectionClosed) {
                    byte[] buffer = new byte[CHUNK_BYTES];
                    int read = in.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    Chunk chunk = new Chunk(buffer, read, System.nanoTime() + latencyNanos());
                    while (!inFlight.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        if (connectionClosed) {
                            return;
                        }
                    }
                }
                inFlight.put(Chunk.END);
            } catch (IOException e) {
                close(); // reset or closed by the other side
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            }
        }

        private void write(
                Direction direction, BlockingQueue<Chunk> inFlight, OutputStream out, Socket to) {
            try {
                while (!connectionClosed) {
                    Chunk chunk = inFlight.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (chunk == null) {
                        continue;
                    }
                    if (chunk == Chunk.END) {
                        to.shutdownOutput();
                        if (directionsEnded.incrementAndGet() == 2) {
                            close();
                        }
                        return;
                    }
                    sleepUntil(chunk.dueNanos);
                    if (!awaitOpen(direction, this)) {
                        return;
                    }
                    sleepUntil(linkSlot(direction, chunk.length));
                    out.write(chunk.bytes, 0, chunk.length);
                    out.flush();
                }
            } catch (IOException e) {
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            }
        }

        /** Closes both sides with a TCP reset; false if already closed. */
        boolean reset() {
            if (connectionClosed) {
                return false;
            }
            for (Socket socket : new Socket[] {client, target}) {
                if (socket != null) {
                    try {
                        socket.setSoLinger(true, 0);
                    } catch (SocketException e) {
                        // closed already
                    }
                }
            }
            close();
            return true;
        }

        void close() {
            connectionClosed = true;
            connections.remove(this);
            closeQuietly(client);
            Socket socket = target;
            if (socket != null) {
                closeQuietly(socket);
            }
        }
    }
}
