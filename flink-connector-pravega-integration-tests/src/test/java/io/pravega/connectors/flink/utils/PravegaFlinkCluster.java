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
package io.pravega.connectors.flink.utils;

import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.testing.PravegaExtension;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import javax.annotation.Nullable;

/**
 * What an ITCase runs on: one embedded Pravega and one Flink MiniCluster per test class, shared by
 * its tests and its {@code @Nested} classes. The Pravega side is a {@link PravegaExtension}: unique
 * stream names per call, a scope per class, client and connector configs.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.of(1, 4);
 * }</pre>
 *
 * <p>Register it on a static field only. Flink's {@link MiniClusterExtension} on its own starts a
 * second MiniCluster for every {@code @Nested} class (JUnit calls its {@code beforeAll} again
 * there); this class starts the MiniCluster only for the class that registered it. Tests may take a
 * {@code @InjectMiniCluster MiniCluster} parameter.
 */
public final class PravegaFlinkCluster extends PravegaExtension implements ParameterResolver {

    private final MiniClusterExtension flink;
    @Nullable private final InMemoryReporter metrics;

    /** The class context that started the MiniCluster; nested classes reuse it. */
    @Nullable private String flinkOwnerId;

    private PravegaFlinkCluster(
            EmbeddedPravega.Builder pravega,
            int taskManagers,
            int slots,
            @Nullable InMemoryReporter metrics) {
        super(pravega);
        this.metrics = metrics;
        Configuration config =
                metrics == null
                        ? new Configuration()
                        : metrics.addToConfiguration(new Configuration());
        this.flink =
                new MiniClusterExtension(
                        new MiniClusterResourceConfiguration.Builder()
                                .setNumberTaskManagers(taskManagers)
                                .setNumberSlotsPerTaskManager(slots)
                                .setConfiguration(config)
                                .build());
    }

    /** A plaintext Pravega and {@code taskManagers} TaskManagers with {@code slots} slots each. */
    public static PravegaFlinkCluster of(int taskManagers, int slots) {
        return new PravegaFlinkCluster(EmbeddedPravega.builder(), taskManagers, slots, null);
    }

    /** A Pravega from a configured builder (e.g. with fault injection), without metrics. */
    public static PravegaFlinkCluster of(
            EmbeddedPravega.Builder pravega, int taskManagers, int slots) {
        return new PravegaFlinkCluster(pravega, taskManagers, slots, null);
    }

    /** The same, with every metric of the class's jobs retained for {@link #metrics()}. */
    public static PravegaFlinkCluster withMetrics(int taskManagers, int slots) {
        return withMetrics(EmbeddedPravega.builder(), taskManagers, slots);
    }

    /** A Pravega from a configured builder (e.g. TLS and authentication), with metrics retained. */
    public static PravegaFlinkCluster withMetrics(
            EmbeddedPravega.Builder pravega, int taskManagers, int slots) {
        return new PravegaFlinkCluster(
                pravega, taskManagers, slots, InMemoryReporter.createWithRetainedMetrics());
    }

    /** The metrics of every job run on this class's MiniCluster. */
    public InMemoryReporter metrics() {
        if (metrics == null) {
            throw new IllegalStateException(
                    "No metrics: create the cluster with PravegaFlinkCluster.withMetrics");
        }
        return metrics;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        super.beforeAll(context);
        synchronized (this) {
            if (flinkOwnerId != null) {
                return;
            }
            flinkOwnerId = context.getUniqueId();
        }
        try {
            flink.beforeAll(context);
        } catch (Exception e) {
            throw new IllegalStateException("The Flink MiniCluster did not start", e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (flinkOwnerId == null) {
            throw new IllegalStateException(
                    "Register PravegaFlinkCluster on a static field: the MiniCluster is per class.");
        }
        super.beforeEach(context);
        try {
            flink.beforeEach(context);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not set the MiniCluster as the test's environment", e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            flink.afterEach(context);
        } catch (Exception e) {
            throw new IllegalStateException("Could not unset the MiniCluster environment", e);
        } finally {
            super.afterEach(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            synchronized (this) {
                if (!context.getUniqueId().equals(flinkOwnerId)) {
                    return;
                }
                flinkOwnerId = null;
            }
            flink.afterAll(context);
        } catch (Exception e) {
            throw new IllegalStateException("The Flink MiniCluster did not stop", e);
        } finally {
            super.afterAll(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return flink.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        return flink.resolveParameter(parameter, context);
    }
}
