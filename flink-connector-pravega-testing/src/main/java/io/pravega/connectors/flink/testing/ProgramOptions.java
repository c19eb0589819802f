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

import org.apache.flink.annotation.Experimental;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Program arguments such as {@code --events 1000 --no-failure}, read the same way on every Flink
 * line: Flink 1.20 and 2.x keep their {@code ParameterTool} in different packages, and the examples
 * and benchmarks build on all of them.
 */
@Experimental
public final class ProgramOptions {

    private final Map<String, String> values;

    private ProgramOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads {@code --name value} pairs; a name followed by another name, or by nothing, is a flag
     * with no value.
     */
    public static ProgramOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.replaceFirst("^--?", "").isEmpty()) {
                throw new IllegalArgumentException(
                        "Expected an option such as --name value, but found '" + arg + "'");
            }
            String name = arg.replaceFirst("^--?", "");
            boolean hasValue = i + 1 < args.length && !isOption(args[i + 1]);
            values.put(name, hasValue ? args[++i] : "");
        }
        return new ProgramOptions(values);
    }

    /** Negative numbers are values, not options. */
    private static boolean isOption(String arg) {
        return arg.startsWith("-") && !arg.matches("-\\d.*");
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The option's value; null if it is not given, "" for a flag. */
    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public long getLong(String name, long defaultValue) {
        String value = values.get(name);
        try {
            return value == null ? defaultValue : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be a whole number, not '" + value + "'", e);
        }
    }

    public int getInt(String name, int defaultValue) {
        long value = getLong(name, defaultValue);
        if (value != (int) value) {
            throw new IllegalArgumentException("--" + name + " is too large: " + value);
        }
        return (int) value;
    }

    /** Every option by name, for {@code PravegaConfig.fromArguments}. */
    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(values);
    }
}
