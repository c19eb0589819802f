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

import io.pravega.client.ClientConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.connectors.flink.PravegaConfig;

import org.apache.flink.annotation.Experimental;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JUnit 5 extension that runs one {@link EmbeddedPravega} per test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PravegaExtension PRAVEGA = new PravegaExtension();
 *
 * @Test
 * void writesAndReads() {
 *     Stream stream = PRAVEGA.createStream(4);   // unique name, 4 segments
 *     PravegaConfig config = PRAVEGA.getPravegaConfig();
 *     ...
 * }
 * }</pre>
 *
 * <p>Registered on a static field, the cluster lives for the whole class, {@code @Nested} classes
 * included. Registered on an instance field, it lives for one test.
 */
@Experimental
public class PravegaExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final EmbeddedPravega.Builder builder;
    private final AtomicInteger names = new AtomicInteger();
    private EmbeddedPravega pravega;

    /** The context that started the cluster stops it; nested classes reuse it. */
    private String ownerId;

    private String defaultScope;

    /** A plaintext cluster without authentication. */
    public PravegaExtension() {
        this(EmbeddedPravega.builder());
    }

    /** A cluster from a configured builder, e.g. {@code EmbeddedPravega.builder().withAuth()}. */
    public PravegaExtension(EmbeddedPravega.Builder builder) {
        this.builder = builder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfOwner(context);
    }

    private synchronized void startIfNeeded(ExtensionContext context) {
        if (pravega == null) {
            pravega = builder.start();
            ownerId = context.getUniqueId();
            defaultScope = null;
        }
    }

    private synchronized void stopIfOwner(ExtensionContext context) {
        if (pravega != null && context.getUniqueId().equals(ownerId)) {
            pravega.close();
            pravega = null;
            ownerId = null;
        }
    }

    /** The running cluster. */
    public synchronized EmbeddedPravega getPravega() {
        if (pravega == null) {
            throw new IllegalStateException(
                    "Embedded Pravega is not running: register PravegaExtension with @RegisterExtension, "
                            + "and use it only inside tests or their callbacks.");
        }
        return pravega;
    }

    public URI getControllerURI() {
        return getPravega().getControllerURI();
    }

    /**
     * The REST URI of the cluster's embedded Schema Registry; the extension must be built with
     * {@code EmbeddedPravega.builder().withSchemaRegistry()}.
     *
     * @throws IllegalStateException if the cluster runs no Schema Registry
     */
    public URI getSchemaRegistryURI() {
        return getPravega().getSchemaRegistryURI();
    }

    /** A new config for the cluster whose default scope is this extension's scope. */
    public PravegaConfig getPravegaConfig() {
        return getPravega().getPravegaConfig().withDefaultScope(getScope());
    }

    public ClientConfig getClientConfig() {
        return getPravega().getClientConfig();
    }

    /** A scope shared by the streams of this test class, created on first use. */
    public synchronized String getScope() {
        if (defaultScope == null) {
            defaultScope = createScope();
        }
        return defaultScope;
    }

    /** Creates a new scope with a unique name. */
    public String createScope() {
        String scope = uniqueName("scope");
        getPravega().createScope(scope);
        return scope;
    }

    /**
     * Creates a stream with a unique name and a fixed number of segments in {@link #getScope()}.
     */
    public Stream createStream(int segments) {
        return createStream("stream", segments);
    }

    /** Creates a stream named {@code prefix-N-random} with a fixed number of segments. */
    public Stream createStream(String prefix, int segments) {
        if (segments < 1) {
            throw new IllegalArgumentException(
                    "A stream needs at least 1 segment, got " + segments);
        }
        return getPravega().createStream(getScope(), uniqueName(prefix), segments);
    }

    /** Creates a stream with a unique name and the given configuration in {@link #getScope()}. */
    public Stream createStream(String prefix, StreamConfiguration configuration) {
        return getPravega().createStream(getScope(), uniqueName(prefix), configuration);
    }

    private String uniqueName(String prefix) {
        return prefix
                + "-"
                + names.incrementAndGet()
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
