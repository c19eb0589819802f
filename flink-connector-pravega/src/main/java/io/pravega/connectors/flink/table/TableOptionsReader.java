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
package io.pravega.connectors.flink.table;

import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.table.PravegaOptions.StartupMode;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static io.pravega.connectors.flink.table.PravegaOptions.CONTROLLER_URI;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_END_STREAMCUTS;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_STARTUP_MODE;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_START_STREAMCUTS;
import static io.pravega.connectors.flink.table.PravegaOptions.SCAN_STREAMS;
import static io.pravega.connectors.flink.table.PravegaOptions.SCOPE;
import static io.pravega.connectors.flink.table.PravegaOptions.SECURITY_AUTH_TOKEN;
import static io.pravega.connectors.flink.table.PravegaOptions.SECURITY_AUTH_TYPE;
import static io.pravega.connectors.flink.table.PravegaOptions.SECURITY_TRUST_STORE;
import static io.pravega.connectors.flink.table.PravegaOptions.SECURITY_VALIDATE_HOSTNAME;

/** Turns table options into connector settings; every error names the option and the fix. */
@Internal
final class TableOptionsReader {

    private static final String UNBOUNDED = "UNBOUNDED";

    private TableOptionsReader() {}

    /** A stream to read and its cuts as text, which the reader's builder parses and checks. */
    static final class StreamRead {
        /** {@code scope/stream}. */
        final String stream;

        final String start;
        final String end;

        StreamRead(String stream, String start, String end) {
            this.stream = stream;
            this.start = start;
            this.end = end;
        }

        boolean isBounded() {
            return !UNBOUNDED.equals(end);
        }
    }

    static PravegaConfig pravegaConfig(ReadableConfig options) {
        PravegaConfig config;
        try {
            // The table's options alone: no PRAVEGA_SCOPE or PRAVEGA_CONTROLLER_URI of the process.
            config = PravegaConfig.forController(options.get(CONTROLLER_URI));
            options.getOptional(SCOPE).ifPresent(config::withScope);
            options.getOptional(SECURITY_TRUST_STORE).ifPresent(config::withTrustStore);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid Pravega connection options: " + e.getMessage(), e);
        }
        config.withHostnameValidation(options.get(SECURITY_VALIDATE_HOSTNAME));
        Optional<String> type = options.getOptional(SECURITY_AUTH_TYPE);
        Optional<String> token = options.getOptional(SECURITY_AUTH_TOKEN);
        if (type.isPresent() != token.isPresent()) {
            throw new ValidationException(
                    "'"
                            + SECURITY_AUTH_TYPE.key()
                            + "' and '"
                            + SECURITY_AUTH_TOKEN.key()
                            + "' go together, but only '"
                            + (type.isPresent() ? SECURITY_AUTH_TYPE : SECURITY_AUTH_TOKEN).key()
                            + "' is set. Set both, e.g. 'Basic' and base64('user:password'), or "
                            + "neither.");
        }
        if (type.isPresent()) {
            config.withCredentials(new TokenCredentials(type.get(), token.get()));
        }
        return config;
    }

    static Stream resolve(PravegaConfig config, String spec, ConfigOption<?> option) {
        try {
            return config.resolve(spec.trim());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Option '"
                            + option.key()
                            + "': "
                            + e.getMessage()
                            + " The table option for "
                            + "the scope is '"
                            + SCOPE.key()
                            + "'.",
                    e);
        }
    }

    static StartupMode startupMode(ReadableConfig options) {
        boolean startCuts = options.getOptional(SCAN_START_STREAMCUTS).isPresent();
        StartupMode mode =
                options.getOptional(SCAN_STARTUP_MODE)
                        .orElse(startCuts ? StartupMode.SPECIFIC_STREAMCUTS : StartupMode.EARLIEST);
        if (mode == StartupMode.SPECIFIC_STREAMCUTS && !startCuts) {
            throw new ValidationException(
                    "'"
                            + SCAN_STARTUP_MODE.key()
                            + "' = '"
                            + mode
                            + "' needs '"
                            + SCAN_START_STREAMCUTS.key()
                            + "': one StreamCut per stream of '"
                            + SCAN_STREAMS.key()
                            + "'.");
        }
        if (mode != StartupMode.SPECIFIC_STREAMCUTS && startCuts) {
            throw new ValidationException(
                    "'"
                            + SCAN_STARTUP_MODE.key()
                            + "' = '"
                            + mode
                            + "' contradicts '"
                            + SCAN_START_STREAMCUTS.key()
                            + "'. Remove one, or use 'specific-streamcuts'.");
        }
        return mode;
    }

    /** The streams of {@code scan.streams}, each with its start and end cut. */
    static List<StreamRead> streamReads(ReadableConfig options, PravegaConfig config) {
        List<String> specs =
                options.getOptional(SCAN_STREAMS)
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                "Option '"
                                                        + SCAN_STREAMS.key()
                                                        + "' is required to read from a Pravega "
                                                        + "table: the streams to read, "
                                                        + "separated by ';', each 'stream' (in '"
                                                        + SCOPE.key()
                                                        + "') or 'scope/stream'."));
        List<String> starts = cuts(options, SCAN_START_STREAMCUTS, specs.size());
        List<String> ends = cuts(options, SCAN_END_STREAMCUTS, specs.size());
        List<StreamRead> reads = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Stream stream = resolve(config, specs.get(i), SCAN_STREAMS);
            reads.add(new StreamRead(stream.getScopedName(), starts.get(i), ends.get(i)));
        }
        return reads;
    }

    private static List<String> cuts(
            ReadableConfig options, ConfigOption<List<String>> option, int streams) {
        List<String> texts =
                options.getOptional(option).orElse(Collections.nCopies(streams, UNBOUNDED));
        if (texts.size() != streams) {
            throw new ValidationException(
                    "'"
                            + option.key()
                            + "' has "
                            + texts.size()
                            + " StreamCuts for "
                            + streams
                            + " streams in '"
                            + SCAN_STREAMS.key()
                            + "'. Give one per stream, in the same order, "
                            + "with '"
                            + UNBOUNDED
                            + "' where a stream has none.");
        }
        List<String> trimmed = new ArrayList<>();
        texts.forEach(text -> trimmed.add(text.trim()));
        return trimmed;
    }
}
