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
package io.pravega.connectors.flink.formats.registry;

import io.pravega.connectors.flink.util.BoundedCall;
import io.pravega.schemaregistry.client.SchemaRegistryClient;
import io.pravega.schemaregistry.client.SchemaRegistryClientConfig;
import io.pravega.schemaregistry.client.SchemaRegistryClientFactory;
import io.pravega.schemaregistry.client.exceptions.RegistryExceptions;

import org.apache.flink.annotation.Internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A {@link SchemaRegistryClient} that opens a real client for each call and closes it after.
 *
 * <p>Flink never closes a format's (de)serialization schema, so a client held by one would keep a
 * Jersey client, and through it the job's class loader, alive after the job ends. The registry's
 * serializers call their client only while they are built and when an event brings an encoding id
 * they have not seen, so a client per call costs little and nothing outlives a call.
 *
 * <p>Each call is bounded by the timeout. A registry that cannot be reached, or does not answer in
 * time, raises a {@link RegistryUnavailableException} that names the registry and the call; the
 * registry's own exceptions (a missing group, an incompatible schema) pass through unchanged.
 */
@Internal
public final class OnDemandRegistryClient implements InvocationHandler {

    private final URI uri;
    private final String namespace;
    private final Duration timeout;

    private OnDemandRegistryClient(URI uri, String namespace, Duration timeout) {
        this.uri = uri;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    /** A client for {@code namespace} (null: the registry's default namespace). */
    public static SchemaRegistryClient create(URI uri, String namespace, Duration timeout) {
        return (SchemaRegistryClient)
                Proxy.newProxyInstance(
                        OnDemandRegistryClient.class.getClassLoader(),
                        new Class<?>[] {SchemaRegistryClient.class},
                        new OnDemandRegistryClient(uri, namespace, timeout));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close":
                return null;
            case "getNamespace":
                return namespace;
            case "toString":
                return "SchemaRegistryClient(" + uri + ", namespace " + namespace + ")";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                return call(method, args);
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return BoundedCall.once(
                    "pravega-registry-" + method.getName(),
                    timeout,
                    () -> {
                        SchemaRegistryClientConfig config =
                                SchemaRegistryClientConfig.builder().schemaRegistryUri(uri).build();
                        try (SchemaRegistryClient client =
                                SchemaRegistryClientFactory.withNamespace(namespace, config)) {
                            Object result = method.invoke(client, args);
                            // listGroups pages lazily through the client; page now, before it
                            // closes.
                            if (result instanceof Iterator) {
                                List<Object> all = new ArrayList<>();
                                ((Iterator<?>) result).forEachRemaining(all::add);
                                return all.iterator();
                            }
                            return result;
                        }
                    });
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException) {
                cause = cause.getCause();
            }
            if (cause instanceof RegistryExceptions || !isUnreachable(cause)) {
                throw cause;
            }
            throw new RegistryUnavailableException(
                    "Schema Registry at "
                            + uri
                            + " cannot be reached ("
                            + cause
                            + ") while calling "
                            + method.getName()
                            + ". Check the registry URI ('pravega-registry.uri' of the table or "
                            + "'schema-registry-uri' of the catalog) and that the registry is running.",
                    cause);
        } catch (TimeoutException e) {
            throw new RegistryUnavailableException(
                    "Schema Registry at "
                            + uri
                            + " did not answer "
                            + method.getName()
                            + " within "
                            + timeout.toMillis()
                            + " ms. Check that the registry is running and reachable, or raise "
                            + "'pravega-registry.timeout'.",
                    e);
        }
    }

    private static boolean isUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getName().equals("javax.ws.rs.ProcessingException")) {
                return true;
            }
        }
        return false;
    }

    /** The registry could not be reached, or did not answer in time. */
    public static final class RegistryUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
