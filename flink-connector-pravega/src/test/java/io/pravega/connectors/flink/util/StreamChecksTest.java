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

import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.shared.security.auth.DefaultCredentials;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link StreamChecks} words the gRPC statuses Pravega fails with; the ITCases cover the calls.
 */
class StreamChecksTest {

    private static final URI CONTROLLER = URI.create("tls://pravega.example:9090");
    private static final String WHAT = "checking stream 'scope/stream'";

    private static StreamChecks checks(boolean withCredentials) {
        PravegaConfig config = PravegaConfig.fromDefaults().withControllerURI(CONTROLLER);
        if (withCredentials) {
            config.withCredentials(new DefaultCredentials("pw-not-to-show", "alice"));
        }
        return new StreamChecks(config);
    }

    @Test
    void rejectedCredentialsSayWhatToFixWithoutShowingThem() {
        IllegalStateException failure =
                checks(true)
                        .failure(
                                WHAT,
                                new CompletionException(
                                        Status.UNAUTHENTICATED
                                                .withDescription("Authentication failed")
                                                .asRuntimeException()));
        assertThat(failure)
                .hasMessageContaining(
                        "The Pravega controller "
                                + CONTROLLER
                                + " rejected the credentials "
                                + "(authentication type Basic) while "
                                + WHAT)
                .hasMessageContaining(
                        "Fix the credentials given to PravegaConfig.withCredentials(...)")
                .hasMessageNotContaining("pw-not-to-show")
                .hasMessageNotContaining("alice");
    }

    @Test
    void missingCredentialsSayHowToSetThem() {
        assertThat(checks(false).failure(WHAT, Status.UNAUTHENTICATED.asRuntimeException()))
                .hasMessageContaining("requires authentication, but no credentials are set")
                .hasMessageContaining(
                        "PravegaConfig.withCredentials(new DefaultCredentials(password, user))");
    }

    @Test
    void deniedPermissionSaysSo() {
        assertThat(checks(true).failure(WHAT, Status.PERMISSION_DENIED.asRuntimeException()))
                .hasMessageContaining("denied access while " + WHAT)
                .hasMessageNotContaining("pw-not-to-show");
    }

    @Test
    void userInfoInTheControllerUriIsNeverShown() {
        URI withUserInfo = URI.create("tcp://alice:pw-in-uri@pravega.example:9090");
        StreamChecks checks =
                new StreamChecks(PravegaConfig.fromDefaults().withControllerURI(withUserInfo));
        assertThat(checks.failure(WHAT, Status.UNAUTHENTICATED.asRuntimeException()))
                .hasMessageContaining("tcp://<hidden>@pravega.example:9090")
                .hasMessageNotContaining("pw-in-uri");
    }

    @Test
    void otherFailuresKeepTheirCause() {
        RuntimeException cause = new RuntimeException("boom");
        assertThat(checks(true).failure(WHAT, cause))
                .hasMessageContaining("failed while " + WHAT + ": java.lang.RuntimeException: boom")
                .hasCause(cause);
    }

    @Test
    void outOfDirectMemoryIsNamedNotTakenForAnUnreachableController() {
        OutOfMemoryError oom =
                new OutOfMemoryError("Cannot reserve 2097152 bytes of direct buffer memory");
        assertThatThrownBy(
                        () ->
                                checks(false)
                                        .call(
                                                WHAT,
                                                manager -> {
                                                    throw oom;
                                                }))
                .hasMessageContaining("ran out of direct memory")
                .hasMessageContaining("taskmanager.memory.task.off-heap.size")
                .hasMessageContaining("not a problem of Pravega")
                .hasMessageNotContaining("No answer")
                .hasRootCause(oom);
    }

    @Test
    void classLoadingFailuresAreNamedNotTakenForAnUnreachableController() {
        NoClassDefFoundError linkage =
                new NoClassDefFoundError("io/pravega/controller/stream/api/grpc/v1/Controller");
        assertThatThrownBy(
                        () ->
                                checks(false)
                                        .call(
                                                WHAT,
                                                manager -> {
                                                    throw new IllegalStateException(
                                                            "wrapped", linkage);
                                                }))
                .hasMessageContaining("could not be loaded")
                .hasMessageContaining("class loader was closed")
                .hasMessageNotContaining("No answer")
                .hasRootCause(linkage);
    }
}
