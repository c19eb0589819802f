package io.pravega.connectors.flink.util;

import io.pravega.client.ClientConfig;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.connectors.flink.PravegaConfig;

import org.apache.flink.annotation.Internal;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Job-start checks against the controller, each bounded by {@link PravegaConfig#getControllerTimeout()}:
 * the Pravega client retries an unreachable controller for about 90 s, and a job must fail with
 * a clear message instead.
 */
@Internal
public final class StreamChecks {

    private final ClientConfig clientConfig;
    private final URI controllerUri;
    private final Duration timeout;

    public StreamChecks(PravegaConfig config) {
        this.clientConfig = config.getClientConfig();
        this.controllerUri = config.getControllerURI();
        this.timeout = config.getControllerTimeout();
    }

    public void checkReaderGroupScope(String scope, String group) {
        if (!call("checking scope '" + scope + "'", manager -> manager.checkScopeExists(scope))) {
            throw new IllegalStateException("The scope '" + scope + "' of reader group '" + group + "' does not exist"
                    + " on the Pravega controller " + controllerUri + ". Create it, or choose an existing scope "
                    + "with withReaderGroupScope(...).");
        }
    }

    /** Fails if the stream or its scope is missing. */
    public void checkExists(Stream stream) {
        call("checking stream '" + stream.getScopedName() + "'", manager -> {
            checkExists(manager, stream);
            return null;
        });
    }

    /** Fails if the stream or its scope is missing; returns the stream's tail. */
    public StreamCut checkExistsAndGetTail(Stream stream) {
        return call("checking stream '" + stream.getScopedName() + "'", manager -> {
            checkExists(manager, stream);
            return manager.fetchStreamInfo(stream.getScope(), stream.getStreamName()).join().getTailStreamCut();
        });
    }

    private void checkExists(StreamManager manager, Stream stream) {
        String name = stream.getScopedName();
        if (!manager.checkScopeExists(stream.getScope())) {
            throw new IllegalStateException("The scope '" + stream.getScope() + "' of stream '" + name
                    + "' does not exist on the Pravega controller " + controllerUri + ". Create the scope and "
                    + "stream first, or check the names.");
        }
        if (!manager.checkStreamExists(stream.getScope(), stream.getStreamName())) {
            throw new IllegalStateException("The Pravega stream '" + name + "' does not exist on the controller "
                    + controllerUri + ". Create it first, or check the name.");
        }
    }

    private <T> T call(String what, Function<StreamManager, T> action) {
        StreamManager manager = StreamManager.create(clientConfig);
        try {
            return BoundedCall.call("pravega-stream-check", timeout, () -> action.apply(manager));
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from the Pravega controller " + controllerUri + " within "
                    + seconds(timeout) + " s while " + what + ". Check that Pravega runs and that the controller "
                    + "URI is right (--controller, pravega.controller.uri or PRAVEGA_CONTROLLER_URI); for a TLS "
                    + "cluster use tls:// and a trust store. A slow controller needs a longer "
                    + "PravegaConfig.withControllerTimeout(...).", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalStateException) {
                throw (IllegalStateException) cause;
            }
            throw new IllegalStateException("Pravega controller " + controllerUri + " failed while " + what + ": "
                    + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + what, e);
        } finally {
            manager.close();
        }
    }

    /** "60" or "0.5": a timeout below a second must not print as 0 s. */
    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0
                ? String.valueOf(duration.toSeconds())
                : String.valueOf(duration.toMillis() / 1000.0);
    }
}
