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
package io.pravega.connectors.flink.conformance;

import io.pravega.client.ClientConfig;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.testing.EmbeddedPravega;

import org.apache.flink.connector.testframe.TestResource;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The embedded Pravega as the connector testing framework's external system. */
public final class PravegaTestResource implements TestResource {

    private final AtomicInteger streams = new AtomicInteger();
    private EmbeddedPravega pravega;
    private String scope;

    @Override
    public void startUp() {
        pravega = EmbeddedPravega.start();
        scope = "conformance";
        pravega.createScope(scope);
    }

    @Override
    public void tearDown() {
        if (pravega != null) {
            pravega.close();
            pravega = null;
        }
    }

    /** A new stream with fixed segments, named after the test case that uses it. */
    Stream createStream(String testName, int segments) {
        String name = testName.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        name =
                name.substring(0, Math.min(name.length(), 24))
                        + "-"
                        + streams.incrementAndGet()
                        + "-"
                        + UUID.randomUUID().toString().substring(0, 6);
        return running().createStream(scope, name, segments);
    }

    PravegaConfig getPravegaConfig() {
        return running().getPravegaConfig().withDefaultScope(scope);
    }

    ClientConfig getClientConfig() {
        return running().getClientConfig();
    }

    private EmbeddedPravega running() {
        if (pravega == null) {
            throw new IllegalStateException(
                    "The embedded Pravega is not running: startUp() was not called.");
        }
        return pravega;
    }
}
