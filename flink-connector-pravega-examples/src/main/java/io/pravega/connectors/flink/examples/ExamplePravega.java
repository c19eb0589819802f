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
package io.pravega.connectors.flink.examples;

import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.testing.ProgramOptions;

/**
 * The Pravega an example talks to: the one {@code --controller tcp://host:port} names, or an
 * embedded one started for the run. Scope: {@code --scope}, default "examples".
 */
final class ExamplePravega implements AutoCloseable {

    private final EmbeddedPravega embedded;
    private final PravegaConfig config;

    private ExamplePravega(EmbeddedPravega embedded, PravegaConfig config) {
        this.embedded = embedded;
        this.config = config;
    }

    static ExamplePravega connect(ProgramOptions params, String defaultScope) {
        EmbeddedPravega embedded = null;
        PravegaConfig config;
        if (params.has(PravegaConfig.CONTROLLER_PARAM)) {
            config = PravegaConfig.fromArguments(params.toMap());
        } else {
            System.out.println(
                    "Starting an embedded Pravega (pass --controller tcp://host:port to use your own)...");
            embedded = EmbeddedPravega.start();
            config = embedded.getPravegaConfig();
        }
        config.withDefaultScope(params.get(PravegaConfig.SCOPE_PARAM, defaultScope));
        return new ExamplePravega(embedded, config);
    }

    PravegaConfig config() {
        return config;
    }

    /** Creates the scope and stream if they do not exist yet. */
    Stream createStream(String name, int segments) {
        return createStream(name, ScalingPolicy.fixed(segments));
    }

    /** Creates the scope and stream, with the given scaling policy, if they do not exist yet. */
    Stream createStream(String name, ScalingPolicy scalingPolicy) {
        Stream stream = config.resolve(name);
        try (StreamManager streams = StreamManager.create(config.getClientConfig())) {
            streams.createScope(stream.getScope());
            streams.createStream(
                    stream.getScope(),
                    stream.getStreamName(),
                    StreamConfiguration.builder().scalingPolicy(scalingPolicy).build());
        }
        return stream;
    }

    /** Whether the Pravega is one this run started (which auto-scales within minutes). */
    boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
