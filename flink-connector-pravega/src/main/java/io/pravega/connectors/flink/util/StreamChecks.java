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
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.StreamCut;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.shared.security.auth.Credentials;

import org.apache.flink.annotation.Internal;

import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Job-start checks against the controller, each bounded by {@link
 * PravegaConfig#getControllerTimeout()}: the Pravega client retries an unreachable controller for
 * about 90 s, and a job must fail with a clear message instead. These are the connector's first
 * calls to Pravega, so they also explain rejected credentials and, through {@link ControllerProbe},
 * a controller that cannot answer this client at all.
 */
@Internal
public final class StreamChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StreamChecks.class);

    /** After this long without an answer, a probe looks at the controller's port for the reason. */
    static final Duration PROBE_AFTER = Duration.ofSeconds(5);

    private final PravegaConfig config;
    private final ClientConfig clientConfig;
    private final URI controllerUri;
    private final Duration timeout;

    /** The controller URI as messages show it. */
    private final String controller;

    public StreamChecks(PravegaConfig config) {
        this.config = config;
        this.clientConfig = config.getClientConfig();
        this.controllerUri = config.getControllerURI();
        this.timeout = config.getControllerTimeout();
        this.controller = Redaction.uri(controllerUri);
    }

    public void checkReaderGroupScope(String scope, String group) {
        if (!call("checking scope '" + scope + "'", manager -> manager.checkScopeExists(scope))) {
            throw new IllegalStateException(
                    "The scope '"
                            + scope
                            + "' of reader group '"
                            + group
                            + "' does not exist"
                            + " on the Pravega controller "
                            + controller
                            + ". Create it, or choose an existing scope "
                            + "with withReaderGroupScope(...).");
        }
    }

    /** Fails if the stream or its scope is missing. */
    public void checkExists(Stream stream) {
        call(
                "checking stream '" + stream.getScopedName() + "'",
                manager -> {
                    checkExists(manager, stream);
                    return null;
                });
    }

    /** Fails if the stream or its scope is missing; returns the stream's tail. */
    public StreamCut checkExistsAndGetTail(Stream stream) {
        return call(
                "checking stream '" + stream.getScopedName() + "'",
                manager -> {
                    checkExists(manager, stream);
                    return manager.fetchStreamInfo(stream.getScope(), stream.getStreamName())
                            .join()
                            .getTailStreamCut();
                });
    }

    /** Creates the scope and the stream if they are missing; an existing stream stays as it is. */
    public void createIfMissing(Stream stream, ScalingPolicy scalingPolicy) {
        call(
                "creating stream '" + stream.getScopedName() + "'",
                manager -> {
                    if (manager.createScope(stream.getScope())) {
                        LOG.info("Created Pravega scope '{}' on {}", stream.getScope(), controller);
                    }
                    StreamConfiguration streamConfig =
                            StreamConfiguration.builder().scalingPolicy(scalingPolicy).build();
                    if (manager.createStream(
                            stream.getScope(), stream.getStreamName(), streamConfig)) {
                        LOG.info(
                                "Created Pravega stream '{}' on {} with {}",
                                stream.getScopedName(),
                                controller,
                                scalingPolicy);
                    }
                    return null;
                });
    }

    private void checkExists(StreamManager manager, Stream stream) {
        String name = stream.getScopedName();
        if (!manager.checkScopeExists(stream.getScope())) {
            throw new IllegalStateException(
                    "The scope '"
                            + stream.getScope()
                            + "' of stream '"
                            + name
                            + "' does not exist on the Pravega controller "
                            + controller
                            + ". Create the scope and "
                            + "stream first, or check the names.");
        }
        if (!manager.checkStreamExists(stream.getScope(), stream.getStreamName())) {
            throw new IllegalStateException(
                    "The Pravega stream '"
                            + name
                            + "' does not exist on the controller "
                            + controller
                            + ". Create it first, or check the name.");
        }
    }

    /** Runs {@code action} against the controller, bounded by the controller timeout. */
    <T> T call(String what, Function<StreamManager, T> action) {
        PravegaClients clients = PravegaClients.open(config, "checks");
        AtomicReference<ControllerProbe.Finding> finding = new AtomicReference<>();
        try {
            StreamManager manager = clients.streamManager();
            return BoundedCall.once(
                    "pravega-stream-check",
                    timeout,
                    () -> action.apply(manager),
                    PROBE_AFTER,
                    () -> {
                        Error jvmError = JvmErrors.find(clients.lastControllerFailure());
                        if (jvmError != null) {
                            return jvmFailure(what, jvmError);
                        }
                        ControllerProbe.Finding found =
                                ControllerProbe.diagnose(controllerUri, clientConfig);
                        finding.set(found);
                        return found != null && found.definite
                                ? new IllegalStateException(
                                        "Cannot use the Pravega controller "
                                                + controller
                                                + " while "
                                                + what
                                                + ": "
                                                + found.message)
                                : null;
                    });
        } catch (TimeoutException e) {
            Error jvmError = JvmErrors.find(clients.lastControllerFailure());
            if (jvmError != null) {
                throw jvmFailure(what, jvmError);
            }
            ControllerProbe.Finding found = finding.get();
            throw new IllegalStateException(
                    "No answer from the Pravega controller "
                            + controller
                            + " within "
                            + seconds(timeout)
                            + " s while "
                            + what
                            + ". "
                            + (found == null ? "" : found.message + " ")
                            + "Check that Pravega runs and that the controller URI is right "
                            + "(--controller, "
                            + "pravega.controller.uri or PRAVEGA_CONTROLLER_URI)"
                            + (clientConfig.isEnableTlsToController()
                                    ? ""
                                    : "; for a controller with TLS, use tls://host:port and a trust store "
                                            + "(PravegaConfig.withTrustStore)")
                            + ". A slow controller needs a longer "
                            + "PravegaConfig.withControllerTimeout(...).",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Error jvmError = JvmErrors.find(cause);
            if (jvmError != null) {
                throw jvmFailure(what, jvmError);
            }
            if (cause instanceof IllegalStateException) {
                throw (IllegalStateException) cause;
            }
            throw failure(what, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + what, e);
        } finally {
            clients.close();
        }
    }

    private static IllegalStateException jvmFailure(String what, Error error) {
        return new IllegalStateException(
                "Pravega client failure while " + what + ": " + JvmErrors.explain(error), error);
    }

    /** "60" or "0.5": a timeout below a second must not print as 0 s. */
    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0
                ? String.valueOf(duration.toSeconds())
                : String.valueOf(duration.toMillis() / 1000.0);
    }

    /**
     * A failed call, in words where Pravega gives only a gRPC status. Never shows the credentials.
     */
    IllegalStateException failure(String what, Throwable cause) {
        Credentials credentials = clientConfig.getCredentials();
        switch (Status.fromThrowable(cause).getCode()) {
            case UNAUTHENTICATED:
                return new IllegalStateException(
                        credentials == null
                                ? "The Pravega controller "
                                        + controller
                                        + " requires authentication, but no credentials "
                                        + "are set (while "
                                        + what
                                        + "). Set them with PravegaConfig.withCredentials("
                                        + "new DefaultCredentials(password, user))."
                                : "The Pravega controller "
                                        + controller
                                        + " rejected the credentials (authentication type "
                                        + credentials.getAuthenticationType()
                                        + ") while "
                                        + what
                                        + ": the user name or "
                                        + "password is wrong, or the token expired. Fix the "
                                        + "credentials given to "
                                        + "PravegaConfig.withCredentials(...).",
                        cause);
            case PERMISSION_DENIED:
                return new IllegalStateException(
                        "The Pravega controller "
                                + controller
                                + " denied access while "
                                + what
                                + ": the user of PravegaConfig.withCredentials(...) lacks "
                                + "permission for it. Grant "
                                + "the permission in Pravega's authorization settings, or use "
                                + "another user.",
                        cause);
            default:
                return new IllegalStateException(
                        "Pravega controller " + controller + " failed while " + what + ": " + cause,
                        cause);
        }
    }
}
