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
package io.pravega.connectors.flink;

import org.apache.flink.api.java.utils.ParameterTool;

/**
 * Flink 1.20's program arguments for {@link PravegaConfig#fromParams}: each Flink line has its own
 * {@code ParameterTool}, and this class, built per line, lets callers pass theirs unchanged.
 */
abstract class ProgramArguments {

    ProgramArguments() {}

    /**
     * A config from program arguments, then system properties, then environment variables; {@link
     * PravegaConfig#fromArguments} checks them.
     */
    public static PravegaConfig fromParams(ParameterTool params) {
        return PravegaConfig.fromArguments(params == null ? null : params.toMap());
    }
}
