package io.pravega.connectors.flink.util;

import io.grpc.Status;
import io.pravega.client.ClientConfig;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.shared.security.auth.DefaultCredentials;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@link StreamChecks} words the gRPC statuses Pravega fails with; the ITCases cover the calls. */
class StreamChecksTest {

    private static final URI CONTROLLER = URI.create("tls://pravega.example:9090");
    private static final String WHAT = "checking stream 'scope/stream'";

    private static StreamChecks checks(boolean withCredentials) {
        ClientConfig.ClientConfigBuilder config = ClientConfig.builder().controllerURI(CONTROLLER);
        if (withCredentials) {
            config.credentials(new DefaultCredentials("pw-not-to-show", "alice"));
        }
        return new StreamChecks(config.build(), CONTROLLER, PravegaConfig.DEFAULT_CONTROLLER_TIMEOUT);
    }

    @Test
    void rejectedCredentialsSayWhatToFixWithoutShowingThem() {
        IllegalStateException failure = checks(true).failure(
                WHAT, new CompletionException(Status.UNAUTHENTICATED.withDescription("Authentication failed").asRuntimeException()));
        assertThat(failure)
                .hasMessageContaining("The Pravega controller " + CONTROLLER + " rejected the credentials "
                        + "(authentication type Basic) while " + WHAT)
                .hasMessageContaining("Fix the credentials given to PravegaConfig.withCredentials(...)")
                .hasMessageNotContaining("pw-not-to-show")
                .hasMessageNotContaining("alice");
    }

    @Test
    void missingCredentialsSayHowToSetThem() {
        assertThat(checks(false).failure(WHAT, Status.UNAUTHENTICATED.asRuntimeException()))
                .hasMessageContaining("requires authentication, but no credentials are set")
                .hasMessageContaining("PravegaConfig.withCredentials(new DefaultCredentials(password, user))");
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
        StreamChecks checks = new StreamChecks(
                ClientConfig.builder().controllerURI(withUserInfo).build(), withUserInfo, PravegaConfig.DEFAULT_CONTROLLER_TIMEOUT);
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
}
