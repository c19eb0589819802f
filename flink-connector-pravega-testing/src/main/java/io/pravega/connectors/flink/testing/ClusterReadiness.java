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
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.controller.server.ControllerServiceMain;
import io.pravega.controller.server.ControllerServiceStarter;
import io.pravega.controller.server.eventProcessor.ControllerEventProcessors;
import io.pravega.local.InProcPravegaCluster;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits until an in-process cluster really serves clients. {@code InProcPravegaCluster.start()}
 * returns before the controller listens and before its event processors run; closing it in that
 * window blocks for about 80 s and leaks threads, so we wait for all of it.
 */
@Internal
final class ClusterReadiness {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReadiness.class);
    private static final String PROBE_SCOPE = "embedded-pravega-ready";
    private static final String PROBE_STREAM = "probe";

    private ClusterReadiness() {}

    static void await(
            InProcPravegaCluster cluster,
            EmbeddedPravega pravega,
            Duration timeout,
            int controllerPort,
            int segmentStorePort)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        waitUntil(
                deadline,
                () -> EmbeddedPravega.isListening(controllerPort),
                "controller port " + controllerPort);
        waitUntil(
                deadline,
                () -> EmbeddedPravega.isListening(segmentStorePort),
                "segment store port " + segmentStorePort);
        awaitControllerServices(cluster, deadline);
        probeWithClient(pravega.getClientConfig());
    }

    /** The controller's services and event processors (which seal, scale and commit) must run. */
    private static void awaitControllerServices(InProcPravegaCluster cluster, long deadline)
            throws Exception {
        ControllerServiceMain[] controllers =
                readField(InProcPravegaCluster.class, cluster, "controllerServers");
        if (controllers == null) {
            LOG.debug("Controller services not visible; relying on the client probe alone");
            return;
        }
        for (ControllerServiceMain controller : controllers) {
            ControllerServiceStarter starter = controller.awaitServiceStarting();
            starter.awaitRunning(remaining(deadline), TimeUnit.NANOSECONDS);
            waitUntil(deadline, () -> eventProcessorsReady(starter), "controller event processors");
        }
    }

    /** Stops the controllers and waits for them, bounded by {@code timeout} each. */
    static void stopControllers(InProcPravegaCluster cluster, Duration timeout) {
        ControllerServiceMain[] controllers =
                readField(InProcPravegaCluster.class, cluster, "controllerServers");
        if (controllers == null) {
            return;
        }
        for (ControllerServiceMain controller : controllers) {
            if (controller == null) {
                continue;
            }
            try {
                controller.stopAsync().awaitTerminated(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | IllegalStateException e) {
                LOG.warn("Embedded Pravega controller did not stop cleanly", e);
            }
        }
    }

    private static boolean eventProcessorsReady(ControllerServiceStarter starter) {
        ControllerEventProcessors processors =
                readField(ControllerServiceStarter.class, starter, "controllerEventProcessors");
        return processors != null && processors.isRunning() && processors.isReady();
    }

    /** Creates a scope and a stream, writes an event, then seals and deletes them again. */
    private static void probeWithClient(ClientConfig clientConfig) {
        try (StreamManager streamManager = StreamManager.create(clientConfig)) {
            streamManager.createScope(PROBE_SCOPE);
            streamManager.createStream(
                    PROBE_SCOPE,
                    PROBE_STREAM,
                    StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(1)).build());
            EmbeddedPravega.writeProbeEvent(clientConfig, PROBE_SCOPE, PROBE_STREAM);
            streamManager.sealStream(PROBE_SCOPE, PROBE_STREAM);
            streamManager.deleteStream(PROBE_SCOPE, PROBE_STREAM);
            streamManager.deleteScope(PROBE_SCOPE);
        }
    }

    private static void waitUntil(long deadline, BooleanSupplier condition, String what)
            throws Exception {
        while (!condition.getAsBoolean()) {
            if (remaining(deadline) <= 0) {
                throw new TimeoutException("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    /** Pravega keeps these private; reading them is the only way to see readiness in 0.13. */
    @SuppressWarnings("unchecked")
    private static <T> T readField(Class<?> type, Object target, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return (T) field.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Cannot read {}.{}", type.getSimpleName(), name, e);
            return null;
        }
    }
}
