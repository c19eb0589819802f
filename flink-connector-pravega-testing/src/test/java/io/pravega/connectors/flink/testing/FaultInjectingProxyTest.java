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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy's faults, against an echo server on the loopback interface. */
class FaultInjectingProxyTest {

    private ServerSocket echoServer;
    private Thread echoThread;
    private FaultInjectingProxy proxy;

    @BeforeEach
    void startEcho() throws IOException {
        echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread =
                new Thread(
                        () -> {
                            while (!echoServer.isClosed()) {
                                try {
                                    Socket socket = echoServer.accept();
                                    Thread echo = new Thread(() -> echo(socket), "echo");
                                    echo.setDaemon(true);
                                    echo.start();
                                } catch (IOException e) {
                                    return;
                                }
                            }
                        },
                        "echo-accept");
        echoThread.setDaemon(true);
        echoThread.start();
        proxy = FaultInjectingProxy.start("echo", echoServer.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        echoServer.close();
        echoThread.join(5_000);
    }

    private static void echo(Socket socket) {
        try (Socket s = socket) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the test reset or closed it
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.getHost(), proxy.getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static byte[] roundTrip(Socket socket, byte[] message) throws IOException {
        socket.getOutputStream().write(message);
        socket.getOutputStream().flush();
        byte[] answer = new byte[message.length];
        new DataInputStream(socket.getInputStream()).readFully(answer);
        return answer;
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello".getBytes())).isEqualTo("hello".getBytes());
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aPartitionHoldsTrafficAndDeliversItInOrderWhenItHeals() throws Exception {
        try (Socket socket = connect()) {
            roundTrip(socket, "a".getBytes());
            proxy.partition();
            socket.getOutputStream().write("held".getBytes());
            socket.setSoTimeout(500);
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SocketTimeoutException.class);
            proxy.heal();
            socket.setSoTimeout(5_000);
            byte[] answer = new byte[4];
            new DataInputStream(socket.getInputStream()).readFully(answer);
            assertThat(answer).isEqualTo("held".getBytes());
        }
    }

    @Test
    void aConnectionOpenedDuringAPartitionReachesTheTargetWhenItHeals() throws Exception {
        proxy.partition();
        try (Socket socket = connect()) {
            socket.getOutputStream().write("x".getBytes());
            socket.setSoTimeout(500);
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SocketTimeoutException.class);
            proxy.heal();
            socket.setSoTimeout(5_000);
            assertThat(socket.getInputStream().read()).isEqualTo('x');
        }
    }

    @Test
    void aOneWayBlackHoleHoldsOnlyItsDirection() throws Exception {
        try (Socket socket = connect()) {
            proxy.blackHole(FaultInjectingProxy.Direction.FROM_TARGET);
            assertThat(proxy.isBlocked(FaultInjectingProxy.Direction.TO_TARGET)).isFalse();
            socket.getOutputStream().write("y".getBytes());
            socket.setSoTimeout(500);
            // The echo server got it (TO_TARGET is open), but its answer is held.
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SocketTimeoutException.class);
            proxy.heal();
            socket.setSoTimeout(5_000);
            assertThat(socket.getInputStream().read()).isEqualTo('y');
        }
    }

    @Test
    void aResetEndsOpenConnectionsAndNewOnesWork() throws Exception {
        try (Socket socket = connect()) {
            roundTrip(socket, "a".getBytes());
            assertThat(proxy.resetConnections()).isEqualTo(1);
            assertThatThrownBy(
                            () -> {
                                // A reset connection fails on read or on the next write.
                                for (int i = 0; i < 10; i++) {
                                    roundTrip(socket, "b".getBytes());
                                    Thread.sleep(50);
                                }
                            })
                    .isInstanceOf(IOException.class);
        }
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "c".getBytes())).isEqualTo("c".getBytes());
        }
    }

    @Test
    void latencyDelaysEachDirection() throws Exception {
        proxy.setLatency(Duration.ofMillis(200));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(socket, "z".getBytes())).isEqualTo("z".getBytes());
            // 200 ms there and 200 ms back: a lower bound, which no scheduling can undercut.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void aBandwidthLimitSpreadsTheBytesOverTime() throws Exception {
        proxy.setBandwidth(100_000);
        byte[] message = new byte[50_000];
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(socket, message)).isEqualTo(message);
            // 50 kB at 100 kB/s each way cannot arrive in under about half a second.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void closingEndsEveryConnection() throws Exception {
        Socket socket = connect();
        roundTrip(socket, "a".getBytes());
        proxy.close();
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        assertThat(proxy.openConnections()).isZero();
        socket.close();
    }
}
