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
package io.pravega.connectors.flink.examples.job;

import java.util.HashMap;
import java.util.Map;

/**
 * The jobs' {@code --name value} arguments. Not Flink's {@code ParameterTool}: Flink 1.20 and 2.x
 * keep it in different packages, and this job is built for every line.
 */
final class JobOptions {

    private final Map<String, String> values = new HashMap<>();

    JobOptions(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException(
                        "Expected an option such as --input my-stream, but found '"
                                + args[i]
                                + "'");
            }
            boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
            values.put(args[i].substring(2), flag ? "" : args[++i]);
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    long getLong(String name, long defaultValue) {
        return has(name) ? Long.parseLong(values.get(name)) : defaultValue;
    }

    int getInt(String name, int defaultValue) {
        return has(name) ? Integer.parseInt(values.get(name)) : defaultValue;
    }

    /** Every option by name, for {@code PravegaConfig.fromArguments}. */
    Map<String, String> toMap() {
        return values;
    }
}
