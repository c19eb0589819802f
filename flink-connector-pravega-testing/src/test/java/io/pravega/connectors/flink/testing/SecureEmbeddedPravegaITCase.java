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

import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.shared.security.auth.DefaultCredentials;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The embedded cluster with TLS and authentication, reached through {@link PravegaConfig}. */
class SecureEmbeddedPravegaITCase {

    private static final Duration NO_HANG = Duration.ofSeconds(60);

    @Nested
    class WithAuthentication {
        @RegisterExtension
        final PravegaExtension pravega =
                new PravegaExtension(EmbeddedPravega.builder().withAuth("alice", "s3cret-pw"));

        @Test
        void rightCredentialsWriteAndRead() {
            PravegaConfig config = pravega.getPravegaConfig();
            assertThat(config.getCredentials()).isNotNull();
            assertThat(config.toString()).doesNotContain("s3cret-pw").doesNotContain("alice");

            Stream stream = pravega.createStream(1);
            EmbeddedPravegaITCase.write(config.getClientConfig(), stream, List.of("a", "b"));
            assertThat(EmbeddedPravegaITCase.readAll(config.getClientConfig(), stream, 2))
                    .containsExactlyInAnyOrder("a", "b");
        }

        @Test
        void wrongPasswordFailsWithAnAuthenticationError() {
            PravegaConfig config =
                    pravega.getPravegaConfig()
                            .withCredentials(new DefaultCredentials("wrong-password", "alice"));
            assertTimeoutPreemptively(
                    NO_HANG,
                    () -> {
                        try (StreamManager streamManager =
                                StreamManager.create(config.getClientConfig())) {
                            assertThatThrownBy(() -> streamManager.createScope("denied"))
                                    .hasStackTraceContaining("UNAUTHENTICATED");
                        }
                    });
        }
    }

    @Nested
    class WithTls {
        @RegisterExtension
        final PravegaExtension pravega = new PravegaExtension(EmbeddedPravega.builder().withTls());

        @Test
        void trustStoreFromConfigWritesAndReads() {
            PravegaConfig config = pravega.getPravegaConfig();
            assertThat(config.getControllerURI().getScheme()).isEqualTo("tls");
            assertThat(config.getTrustStore())
                    .isEqualTo(pravega.getPravega().getCertificateFile().toString());

            Stream stream = pravega.createStream(2);
            EmbeddedPravegaITCase.write(config.getClientConfig(), stream, List.of("x", "y", "z"));
            assertThat(EmbeddedPravegaITCase.readAll(config.getClientConfig(), stream, 3))
                    .containsExactlyInAnyOrder("x", "y", "z");
        }

        @Test
        void hostnameValidationCanBeTurnedOff() {
            PravegaConfig config = pravega.getPravegaConfig().withHostnameValidation(false);
            try (StreamManager streamManager = StreamManager.create(config.getClientConfig())) {
                assertThat(streamManager.createScope("no-hostname-check")).isTrue();
            }
        }
    }
}
