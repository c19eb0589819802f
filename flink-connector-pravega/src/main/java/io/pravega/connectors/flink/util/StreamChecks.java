package io.pravega.connectors.flink.util;

import io.pravega.client.ClientConfig;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import org.apache.flink.annotation.Internal;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Job-start checks against the controller, each bounded in time: the Pravega client retries an
 * unreachable controller for minutes, and a job must fail with a clear message instead.
 */
@Internal
public final class StreamChecks {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ClientConfig clientConfig;
    private final URI controllerUri;

    public StreamChecks(ClientConfig clientConfig, URI controllerUri) {
        this.clientConfig = clientConfig;
        this.controllerUri = controllerUri;
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
            return BoundedCall.call("pravega-stream-check", TIMEOUT, () -> action.apply(manager));
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from the Pravega controller " + controllerUri + " within "
                    + TIMEOUT.toSeconds() + " s while " + what + ". Check that Pravega runs and that the controller "
                    + "URI is right (--controller, pravega.controller.uri or PRAVEGA_CONTROLLER_URI).", e);
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
}
