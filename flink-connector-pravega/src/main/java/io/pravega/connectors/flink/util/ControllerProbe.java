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

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Looks at a controller that does not answer, to say why. The Pravega client retries a refused
 * connection, plaintext against TLS (and back), an untrusted certificate and a certificate for
 * another host name alike, for minutes, and reports none of them. The probe only connects and
 * shakes hands; it sends no request and no credentials.
 */
@Internal
final class ControllerProbe {

    /** The Pravega client's default controller port. */
    private static final int DEFAULT_PORT = 9090;

    private static final int TIMEOUT_MS = 3_000;

    private ControllerProbe() {}

    /** What the probe found. A definite finding means the client can never get an answer. */
    static final class Finding {
        final String message;
        final boolean definite;

        Finding(String message, boolean definite) {
            this.message = message;
            this.definite = definite;
        }
    }

    /** The first definite finding over the URI's endpoints, else the first finding, else null. */
    @Nullable
    static Finding diagnose(URI controllerUri, ClientConfig clientConfig) {
        String authority = controllerUri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        Finding first = null;
        // The authority may list several controllers: tcp://host1:9090,host2:9090.
        for (String endpoint : authority.substring(authority.indexOf('@') + 1).split(",")) {
            Finding finding = probe(endpoint.trim(), clientConfig);
            if (finding != null && finding.definite) {
                return finding;
            }
            first = first == null ? finding : first;
        }
        return first;
    }

    @Nullable
    private static Finding probe(String endpoint, ClientConfig clientConfig) {
        int colon = endpoint.lastIndexOf(':');
        boolean hasPort = colon >= 0 && !endpoint.endsWith("]");
        String host =
                (hasPort ? endpoint.substring(0, colon) : endpoint)
                        .replace("[", "")
                        .replace("]", "");
        int port;
        try {
            port = hasPort ? Integer.parseInt(endpoint.substring(colon + 1)) : DEFAULT_PORT;
        } catch (NumberFormatException e) {
            return null;
        }
        String where = host + ":" + port;

        Outcome tlsSpoken;
        try {
            tlsSpoken =
                    handshake(host, port, new TrustManager[] {new AcceptAnyCertificate()}, false);
        } catch (IOException e) {
            return new Finding(
                    "Nothing accepts connections at " + where + " (" + e.getMessage() + ").",
                    false);
        }
        if (!clientConfig.isEnableTlsToController()) {
            // A plaintext server rejects or ignores a TLS hello: only a success is a verdict.
            return tlsSpoken.succeeded()
                    ? new Finding(
                            "The controller at "
                                    + where
                                    + " expects TLS, but the controller URI asks for "
                                    + "plaintext. Use tls://"
                                    + where
                                    + " and set the CA certificate (PEM) that signs the "
                                    + "controller's certificate with "
                                    + "PravegaConfig.withTrustStore(...).",
                            true)
                    : null;
        }
        if (tlsSpoken.timedOut) {
            return null;
        }
        if (!tlsSpoken.succeeded()) {
            return new Finding(
                    "The TLS handshake with the controller at "
                            + where
                            + " failed ("
                            + tlsSpoken.failure
                            + "). If the controller does not use TLS, use tcp://"
                            + where
                            + ".",
                    true);
        }

        TrustManager[] trust;
        try {
            trust = trustManagers(clientConfig.getTrustStore());
        } catch (IOException | GeneralSecurityException e) {
            return null; // the client itself fails on a trust store it cannot read
        }
        String trustStore =
                clientConfig.getTrustStore() == null
                        ? "the JVM's default trust store (PravegaConfig.withTrustStore(...) is not set)"
                        : "the trust store " + clientConfig.getTrustStore();
        try {
            Outcome trusted = handshake(host, port, trust, false);
            if (trusted.timedOut) {
                return null;
            }
            if (!trusted.succeeded()) {
                return new Finding(
                        "The controller at "
                                + where
                                + " presents a TLS certificate that is not trusted by "
                                + trustStore
                                + " ("
                                + trusted.failure
                                + "). Set the CA certificate (PEM) that signs the "
                                + "controller's certificate with "
                                + "PravegaConfig.withTrustStore(...).",
                        true);
            }
            Outcome named = handshake(host, port, trust, true);
            if (!named.timedOut && !named.succeeded()) {
                return new Finding(
                        "The TLS certificate of the controller at "
                                + where
                                + " does not name the host '"
                                + host
                                + "' ("
                                + named.failure
                                + "). Use a host name or address that the certificate names "
                                + "in the controller URI; the Pravega client always checks the "
                                + "controller's host name, "
                                + "PravegaConfig.withHostnameValidation(false) applies to the "
                                + "segment stores only.",
                        true);
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The result of a TLS handshake over a connection that was made. */
    private static final class Outcome {
        /** Why the handshake failed, or null if it succeeded. */
        @Nullable final String failure;

        /** The peer said nothing in time: a slow server, not a verdict. */
        final boolean timedOut;

        Outcome(@Nullable String failure, boolean timedOut) {
            this.failure = failure;
            this.timedOut = timedOut;
        }

        boolean succeeded() {
            return failure == null;
        }
    }

    /** Shakes hands with {@code host:port}; throws if no connection can be made at all. */
    private static Outcome handshake(
            String host, int port, TrustManager[] trust, boolean checkHostName) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            try (SSLSocket ssl =
                    (SSLSocket)
                            context.getSocketFactory().createSocket(socket, host, port, false)) {
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {"h2"}); // as gRPC asks
                if (checkHostName) {
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                }
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                return new Outcome(null, false);
            } catch (SocketTimeoutException e) {
                return new Outcome(e.toString(), true);
            } catch (IOException e) {
                // SSLException, or a peer that hung up on a handshake it does not understand.
                return new Outcome(e.getMessage() == null ? e.toString() : e.getMessage(), false);
            }
        }
    }

    /**
     * As the Pravega client reads a trust store: PEM certificates, or the JVM's default without
     * one.
     */
    private static TrustManager[] trustManagers(@Nullable String trustStore)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trustStore == null || trustStore.isEmpty()) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(Paths.get(trustStore))) {
            int i = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** Only to learn whether a port speaks TLS at all; nothing is sent over such a connection. */
    private static final class AcceptAnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
