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

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.local.InProcPravegaCluster;
import io.pravega.shared.security.auth.DefaultCredentials;

import org.apache.flink.annotation.Experimental;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Pravega cluster inside this JVM: in-process ZooKeeper, one controller and one segment
 * store with in-memory storage, on free localhost ports. Optionally with TLS and authentication.
 *
 * <p>{@link #start()} returns only when a client can create scopes and streams, write events, and
 * delete streams. Pravega 0.13's in-process cluster has start-up races (see the project's
 * DESIGN.md): a start that is not ready within the start timeout is abandoned and retried on new
 * ports.
 *
 * <p>Experimental: the readiness check reads the in-process cluster's private fields through
 * reflection, so this class may change with the Pravega version it is built for.
 *
 * <pre>{@code
 * try (EmbeddedPravega pravega = EmbeddedPravega.start()) {
 *     PravegaConfig config = pravega.getPravegaConfig().withDefaultScope("demo");
 *     ...
 * }
 * }</pre>
 */
@Experimental
public final class EmbeddedPravega implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPravega.class);
    private static final AtomicInteger CLUSTER_IDS = new AtomicInteger();
    private static final String AUTO_SCALE_COOLDOWN_PROPERTY = "autoScale.cooldown.time.seconds";
    private static final String AUTO_SCALE_MUTE_PROPERTY = "autoScale.mute.time.seconds";
    private static final String WATERMARKING_FREQUENCY_PROPERTY =
            "controller.watermarking.frequency.seconds";

    /** Stopping a half-started cluster can block for long; after this we let it finish alone. */
    private static final Duration ABANDON_CLOSE_WAIT = Duration.ofSeconds(5);

    private static final Duration CONTROLLER_STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The segment store reads its published address from the system properties when it starts; they
     * are set only while a cluster with fault injection starts, one at a time.
     */
    private static final String PUBLISHED_PORT_PROPERTY = "pravegaservice.service.published.port";

    private static final String PUBLISHED_HOST_PROPERTY =
            "pravegaservice.service.published.host.nameOrIp";

    private static final Object PUBLISHED_ADDRESS_LOCK = new Object();

    private final Settings settings;
    private final InProcPravegaCluster cluster;
    private final URI controllerUri;
    @Nullable private final NetworkFaults faults;

    /** Started after the cluster is ready, by {@link Builder#start()}. */
    @Nullable private volatile EmbeddedSchemaRegistry schemaRegistry;

    private boolean closed;

    private EmbeddedPravega(
            Settings settings,
            InProcPravegaCluster cluster,
            URI controllerUri,
            @Nullable NetworkFaults faults) {
        this.settings = settings;
        this.cluster = cluster;
        this.controllerUri = controllerUri;
        this.faults = faults;
    }

    /** Starts a cluster with the default settings: plaintext, no authentication. */
    public static EmbeddedPravega start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The network between clients and this cluster, to inject faults into; only for a cluster
     * started {@link Builder#withFaultInjection() with fault injection}.
     */
    public NetworkFaults faults() {
        if (faults == null) {
            throw new IllegalStateException(
                    "This embedded Pravega has no fault injection: start it with "
                            + "EmbeddedPravega.builder().withFaultInjection()");
        }
        return faults;
    }

    /** The controller URI to point clients and Flink jobs at. */
    public URI getControllerURI() {
        return controllerUri;
    }

    /**
     * The REST URI of the embedded Schema Registry, such as {@code http://127.0.0.1:34567}; only
     * for a cluster started {@link Builder#withSchemaRegistry() with the Schema Registry}.
     *
     * @throws IllegalStateException if this cluster runs no Schema Registry
     */
    public URI getSchemaRegistryURI() {
        if (schemaRegistry == null) {
            throw new IllegalStateException(
                    "This embedded Pravega runs no Schema Registry: start it with "
                            + "EmbeddedPravega.builder().withSchemaRegistry()");
        }
        return schemaRegistry.uri();
    }

    /** Whether this cluster runs an embedded Schema Registry. */
    public boolean isSchemaRegistryEnabled() {
        return schemaRegistry != null;
    }

    /**
     * A new {@link PravegaConfig} for this cluster, with credentials and trust store if enabled,
     * and hostname validation off for {@link Builder#withTlsForLocalhostOnly()}.
     */
    public PravegaConfig getPravegaConfig() {
        PravegaConfig config = PravegaConfig.fromDefaults().withControllerURI(controllerUri);
        if (settings.auth) {
            config.withCredentials(new DefaultCredentials(settings.password, settings.user));
        }
        if (settings.tls) {
            config.withTrustStore(settings.certificate.getCertificateFile().toString());
        }
        if (settings.localhostOnlyCertificate) {
            config.withHostnameValidation(false);
        }
        return config;
    }

    /**
     * A client configuration for this cluster, with the same settings as {@link
     * #getPravegaConfig()}. Built without {@link PravegaConfig}, so that the cluster starts and
     * serves without the connector on the classpath (as in the shaded SQL jar's tests, which must
     * load the connector from that jar only).
     */
    public ClientConfig getClientConfig() {
        ClientConfig.ClientConfigBuilder builder =
                ClientConfig.builder().controllerURI(controllerUri);
        if (settings.auth) {
            builder.credentials(new DefaultCredentials(settings.password, settings.user));
        }
        if (settings.tls) {
            builder.trustStore(settings.certificate.getCertificateFile().toString());
        }
        if (settings.localhostOnlyCertificate) {
            builder.validateHostName(false);
        }
        return builder.build();
    }

    /** The user name when authentication is on. */
    public String getUser() {
        return settings.user;
    }

    /** The password when authentication is on. */
    public String getPassword() {
        return settings.password;
    }

    /** The server certificate (PEM) clients must trust when TLS is on, else {@code null}. */
    public Path getCertificateFile() {
        return settings.tls ? settings.certificate.getCertificateFile() : null;
    }

    public boolean isTlsEnabled() {
        return settings.tls;
    }

    public boolean isAuthEnabled() {
        return settings.auth;
    }

    /** Creates a scope; returns whether it was new. */
    public boolean createScope(String scope) {
        try (StreamManager streamManager = StreamManager.create(getClientConfig())) {
            return streamManager.createScope(scope);
        }
    }

    /** Creates a stream with a fixed number of segments (its scope must exist). */
    public Stream createStream(String scope, String stream, int segments) {
        return createStream(
                scope,
                stream,
                StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(segments)).build());
    }

    /** Creates a stream with the given configuration (its scope must exist). */
    public Stream createStream(String scope, String stream, StreamConfiguration configuration) {
        try (StreamManager streamManager = StreamManager.create(getClientConfig())) {
            streamManager.createStream(scope, stream, configuration);
        }
        return Stream.of(scope, stream);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        if (schemaRegistry != null) {
            // In reverse order of start: the registry started after the cluster was ready.
            schemaRegistry.close();
        }
        if (faults != null) {
            faults.clear(); // the controller reaches the segment store through its proxy
        }
        closeCluster(cluster, settings);
        if (faults != null) {
            faults.close();
        }
        LOG.info(
                "Embedded Pravega at {} stopped in {} ms",
                controllerUri,
                (System.nanoTime() - start) / 1_000_000);
    }

    // ------------------------------------------------------------------------------------------

    private static EmbeddedPravega startWithRetries(Settings settings) {
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= settings.maxAttempts; attempt++) {
            try {
                return startOnce(settings, attempt);
            } catch (PortTakenException e) {
                throw e; // another attempt would find it taken too
            } catch (RuntimeException e) {
                lastFailure = e;
                LOG.warn(
                        "Embedded Pravega start attempt {} of {} failed",
                        attempt,
                        settings.maxAttempts,
                        e);
            }
        }
        throw new IllegalStateException(
                "Embedded Pravega did not start in "
                        + settings.maxAttempts
                        + " attempts of "
                        + settings.startTimeout.toSeconds()
                        + " s each. Last failure: "
                        + lastFailure,
                lastFailure);
    }

    private static EmbeddedPravega startOnce(Settings settings, int attempt) {
        int zkPort = freePort(0);
        int controllerPort =
                settings.exactControllerPort
                        ? requireFree(settings.controllerPort)
                        : freePort(attempt == 1 ? settings.controllerPort : 0);
        int segmentStorePort = freePort(0);
        InProcPravegaCluster cluster =
                newCluster(settings, zkPort, controllerPort, segmentStorePort);
        NetworkFaults faults =
                settings.faultInjection
                        ? new NetworkFaults(
                                FaultInjectingProxy.start("controller", controllerPort),
                                FaultInjectingProxy.start("segment-store", segmentStorePort))
                        : null;
        String scheme = settings.tls ? "tls" : "tcp";
        URI controllerUri =
                faults == null
                        ? URI.create(scheme + "://localhost:" + controllerPort)
                        : URI.create(
                                scheme
                                        + "://"
                                        + faults.controller().getHost()
                                        + ":"
                                        + faults.controller().getPort());
        EmbeddedPravega pravega = new EmbeddedPravega(settings, cluster, controllerUri, faults);

        // Start and readiness run on a thread of their own, so that a stalled start is bounded.
        ExecutorService starter =
                Executors.newSingleThreadExecutor(
                        r ->
                                new Thread(
                                        r,
                                        "embedded-pravega-start-" + CLUSTER_IDS.incrementAndGet()));
        Future<?> started =
                starter.submit(
                        () -> {
                            promptAutoScaling();
                            promptWatermarks();
                            if (faults == null) {
                                cluster.start();
                            } else {
                                startPublishingProxy(cluster, faults.segmentStore());
                            }
                            ClusterReadiness.await(
                                    cluster,
                                    pravega,
                                    settings.startTimeout,
                                    controllerPort,
                                    segmentStorePort);
                            return null;
                        });
        long start = System.nanoTime();
        try {
            started.get(settings.startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(
                    "Embedded Pravega ready at {} in {} ms",
                    controllerUri,
                    (System.nanoTime() - start) / 1_000_000);
            return pravega;
        } catch (TimeoutException e) {
            started.cancel(true);
            abandon(cluster, settings, faults);
            throw new IllegalStateException(
                    "not ready within " + settings.startTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            abandon(cluster, settings, faults);
            throw new IllegalStateException("start failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(cluster, settings, faults);
            throw new IllegalStateException("interrupted while starting", e);
        } finally {
            starter.shutdownNow();
        }
    }

    /**
     * A segment store waits 10 minutes after a segment's creation before it asks to scale it, and
     * mutes further requests as long: too long to see a stream auto-scale on a test or demo
     * cluster. The in-process cluster reads its settings from the system properties when it starts,
     * so these are set there, unless the JVM was given its own. (Pravega still measures two minutes
     * of traffic before the first scale of a segment.)
     */
    private static void promptAutoScaling() {
        for (String key : new String[] {AUTO_SCALE_COOLDOWN_PROPERTY, AUTO_SCALE_MUTE_PROPERTY}) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, "10");
            }
        }
    }

    /**
     * The controller computes streams' time windows every 10 s by default, so a reader's watermarks
     * would move in 10 s steps; on a test or demo cluster every second. Read once per JVM, when the
     * controller's configuration class loads; a value given to the JVM wins.
     */
    private static void promptWatermarks() {
        if (System.getProperty(WATERMARKING_FREQUENCY_PROPERTY) == null) {
            System.setProperty(WATERMARKING_FREQUENCY_PROPERTY, "1");
        }
    }

    private static InProcPravegaCluster newCluster(
            Settings settings, int zkPort, int controllerPort, int segmentStorePort) {
        InProcPravegaCluster.InProcPravegaClusterBuilder builder =
                InProcPravegaCluster.builder()
                        .isInProcZK(true)
                        .zkUrl("localhost:" + zkPort)
                        .zkPort(zkPort)
                        .isInMemStorage(true)
                        .isInProcHDFS(false)
                        .isInProcController(true)
                        .controllerCount(1)
                        .controllerPorts(new int[] {controllerPort})
                        .isInProcSegmentStore(true)
                        .segmentStoreCount(1)
                        .segmentStorePorts(new int[] {segmentStorePort})
                        .containerCount(settings.containerCount)
                        .enableRestServer(false)
                        .enableAdminGateway(false)
                        .enableMetrics(false)
                        .tlsProtocolVersion(new String[] {"TLSv1.2", "TLSv1.3"})
                        .enableAuth(settings.auth)
                        .enableTls(settings.tls);
        if (settings.auth) {
            builder.userName(settings.user)
                    .passwd(settings.password)
                    .passwdFile(settings.passwordFile.toString());
        }
        if (settings.tls) {
            SelfSignedCertificate cert = settings.certificate;
            builder.certFile(cert.getCertificateFile().toString())
                    .keyFile(cert.getPrivateKeyFile().toString())
                    .jksKeyFile(cert.getKeyStoreFile().toString())
                    .jksTrustFile(cert.getTrustStoreFile().toString())
                    .keyPasswordFile(cert.getPasswordFile().toString());
        }
        return builder.build();
    }

    /**
     * Starts the cluster with its segment store publishing the proxy's address, so that every
     * client reaches the segment store through the proxy.
     */
    private static void startPublishingProxy(
            InProcPravegaCluster cluster, FaultInjectingProxy proxy) throws Exception {
        synchronized (PUBLISHED_ADDRESS_LOCK) {
            System.setProperty(PUBLISHED_HOST_PROPERTY, proxy.getHost());
            System.setProperty(PUBLISHED_PORT_PROPERTY, String.valueOf(proxy.getPort()));
            try {
                cluster.start();
            } finally {
                System.clearProperty(PUBLISHED_HOST_PROPERTY);
                System.clearProperty(PUBLISHED_PORT_PROPERTY);
            }
        }
    }

    /** Closes a cluster that did not become ready, without waiting long for it. */
    private static void abandon(
            InProcPravegaCluster cluster, Settings settings, @Nullable NetworkFaults faults) {
        if (faults != null) {
            faults.close();
        }
        Thread closer =
                new Thread(() -> closeCluster(cluster, settings), "embedded-pravega-abandon");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(ABANDON_CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeCluster(InProcPravegaCluster cluster, Settings settings) {
        // Controller first: its event processors read from the segment store, and stopping them
        // after the segment store is gone makes them retry for minutes and leak their threads.
        ClusterReadiness.stopControllers(cluster, CONTROLLER_STOP_TIMEOUT);
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Error while stopping embedded Pravega", e);
        }
        if (settings.auth) {
            AuthFiles.clearClusterClientProperties();
        }
    }

    /** A port that is free now; {@code preferred} if it is free, else any. */
    static int freePort(int preferred) {
        if (preferred > 0 && isFree(preferred)) {
            return preferred;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free local port for embedded Pravega", e);
        }
    }

    private static int requireFree(int port) {
        if (!isFree(port)) {
            throw new PortTakenException(
                    "Port "
                            + port
                            + " is taken: another Pravega, or another program, listens "
                            + "there. Stop it, or choose another controller port (0 picks any free "
                            + "port).");
        }
        return port;
    }

    /** The controller port was to be exactly one port, and that port is taken. */
    static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes one event and flushes it: proves the segment store serves the stream. */
    static void writeProbeEvent(ClientConfig clientConfig, String scope, String stream) {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, clientConfig);
                EventStreamWriter<String> writer =
                        factory.createEventWriter(
                                stream,
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            writer.writeEvent("ready");
            writer.flush();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Settings of a cluster, fixed once started. */
    static final class Settings {
        int controllerPort;
        boolean exactControllerPort;
        boolean auth;
        boolean tls;
        boolean localhostOnlyCertificate;
        boolean faultInjection;
        boolean schemaRegistry;
        int schemaRegistryPort;
        String user = "admin";
        String password = "1111_aaaa";
        Duration startTimeout = Duration.ofSeconds(30);
        int maxAttempts = 3;
        int containerCount = 2;
        Path passwordFile;
        SelfSignedCertificate certificate;
    }

    /** Builds and starts an {@link EmbeddedPravega}. */
    @Experimental
    public static final class Builder {
        private final Settings settings = new Settings();

        private Builder() {}

        /** A fixed controller port, e.g. 9090; if it is taken, a free port is used instead. */
        public Builder withControllerPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "Controller port must be 0 (any) to 65535, got " + port);
            }
            settings.controllerPort = port;
            settings.exactControllerPort = false;
            return this;
        }

        /**
         * Exactly this controller port, e.g. 9090, so that URIs written down elsewhere stay right;
         * {@link #start()} fails with a clear message if the port is taken. 0 means any free port.
         */
        public Builder withExactControllerPort(int port) {
            withControllerPort(port);
            settings.exactControllerPort = port != 0;
            return this;
        }

        /** Turns on authentication with a user that may do everything. */
        public Builder withAuth(String user, String password) {
            if (user == null || user.isBlank() || user.contains(":")) {
                throw new IllegalArgumentException(
                        "User must be non-empty and must not contain ':'");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("Password must not be empty");
            }
            settings.auth = true;
            settings.user = user;
            settings.password = password;
            return this;
        }

        /**
         * Turns authentication on with the default user {@code admin}, password {@code 1111_aaaa}.
         */
        public Builder withAuth() {
            settings.auth = true;
            return this;
        }

        /**
         * Turns TLS on, with a self-signed certificate for {@code localhost} made for this cluster.
         */
        public Builder withTls() {
            settings.tls = true;
            return this;
        }

        /**
         * Turns TLS on with a certificate that names only {@code localhost}, not the address the
         * segment store publishes to clients: reads and writes then work only with hostname
         * validation off, which {@link EmbeddedPravega#getPravegaConfig()} sets. For tests of
         * {@link PravegaConfig#withHostnameValidation}.
         */
        public Builder withTlsForLocalhostOnly() {
            settings.tls = true;
            settings.localhostOnlyCertificate = true;
            return this;
        }

        /**
         * Puts a {@link FaultInjectingProxy} in front of the controller and one in front of the
         * segment store, which publishes the proxy's address: every client reaches Pravega only
         * through them. Inject faults with {@link EmbeddedPravega#faults()}.
         */
        public Builder withFaultInjection() {
            settings.faultInjection = true;
            return this;
        }

        /**
         * Also starts an {@link EmbeddedSchemaRegistry} on a free loopback port once Pravega is
         * ready; {@link EmbeddedPravega#getSchemaRegistryURI()} gives its URI, and {@link
         * EmbeddedPravega#close()} stops it first. The registry keeps its groups and schemas in
         * memory, not in this cluster.
         */
        public Builder withSchemaRegistry() {
            return withSchemaRegistry(0);
        }

        /**
         * {@link #withSchemaRegistry()} on exactly this port, e.g. {@value
         * EmbeddedSchemaRegistry#DEFAULT_PORT}; {@link #start()} fails if it is taken. 0 means any
         * free port.
         */
        public Builder withSchemaRegistry(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "Schema Registry port must be 0 (any) to 65535, got " + port);
            }
            settings.schemaRegistry = true;
            settings.schemaRegistryPort = port;
            return this;
        }

        /**
         * How long one start attempt may take before it is abandoned and retried (default 30 s).
         */
        public Builder withStartTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "Start timeout must be positive, got " + timeout);
            }
            settings.startTimeout = timeout;
            return this;
        }

        /** How many times to try a start on fresh ports (default 3). */
        public Builder withMaxStartAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException(
                        "Start attempts must be at least 1, got " + attempts);
            }
            settings.maxAttempts = attempts;
            return this;
        }

        /** Starts the cluster; returns when it is ready for clients. */
        public EmbeddedPravega start() {
            if (settings.schemaRegistry && settings.schemaRegistryPort != 0) {
                // Fail before the cluster's start, not after it.
                EmbeddedSchemaRegistry.requireFree(settings.schemaRegistryPort);
            }
            try {
                if (settings.auth) {
                    settings.passwordFile =
                            AuthFiles.writePasswordFile(settings.user, settings.password);
                }
                if (settings.tls) {
                    settings.certificate =
                            SelfSignedCertificate.create(
                                    "localhost", !settings.localhostOnlyCertificate);
                }
            } catch (Exception e) {
                throw new IllegalStateException(
                        "Could not prepare embedded Pravega security files: " + e, e);
            }
            EmbeddedPravega pravega = startWithRetries(settings);
            if (settings.schemaRegistry) {
                try {
                    pravega.schemaRegistry =
                            EmbeddedSchemaRegistry.start(settings.schemaRegistryPort);
                } catch (RuntimeException e) {
                    pravega.close();
                    throw e;
                }
            }
            return pravega;
        }
    }
}
