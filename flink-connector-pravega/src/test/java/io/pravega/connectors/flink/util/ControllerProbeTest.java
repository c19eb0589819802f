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

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against local sockets; the TLS findings are covered against a real TLS cluster in
 * SecurityITCase.
 */
class ControllerProbeTest {

    private static ControllerProbe.Finding diagnose(String uri) {
        URI controller = URI.create(uri);
        return ControllerProbe.diagnose(
                controller, ClientConfig.builder().controllerURI(controller).build());
    }

    @Test
    void aPortNobodyListensOnIsAFindingButNotAVerdict() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ControllerProbe.Finding finding = diagnose("tcp://localhost:" + port);
        assertThat(finding).isNotNull();
        assertThat(finding.message).startsWith("Nothing accepts connections at localhost:" + port);
        assertThat(finding.definite).as("a controller may be starting").isFalse();
    }

    @Test
    void tlsAgainstAPlaintextServerSaysUseTcp() throws Exception {
        try (PlaintextServer server = new PlaintextServer()) {
            ControllerProbe.Finding finding = diagnose("tls://localhost:" + server.port());
            assertThat(finding).isNotNull();
            assertThat(finding.definite).isTrue();
            assertThat(finding.message)
                    .startsWith(
                            "The TLS handshake with the controller at localhost:"
                                    + server.port()
                                    + " failed")
                    .endsWith(
                            "If the controller does not use TLS, use tcp://localhost:"
                                    + server.port()
                                    + ".");
        }
    }

    @Test
    void plaintextAgainstAPlaintextServerFindsNothing() throws Exception {
        try (PlaintextServer server = new PlaintextServer()) {
            assertThat(diagnose("tcp://localhost:" + server.port() + ",localhost:" + server.port()))
                    .isNull();
        }
    }

    /**
     * Answers anything with a line of plaintext and hangs up, as a non-TLS server does to a TLS
     * hello.
     */
    private static final class PlaintextServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0);

        PlaintextServer() throws IOException {
            Thread acceptor =
                    new Thread(
                            () -> {
                                while (!socket.isClosed()) {
                                    try (Socket client = socket.accept()) {
                                        InputStream in = client.getInputStream();
                                        in.read(new byte[512]);
                                        OutputStream out = client.getOutputStream();
                                        out.write(
                                                "HTTP/1.1 400 Bad Request\r\n\r\n"
                                                        .getBytes(StandardCharsets.US_ASCII));
                                    } catch (IOException e) {
                                        // closed
                                    }
                                }
                            },
                            "plaintext-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
