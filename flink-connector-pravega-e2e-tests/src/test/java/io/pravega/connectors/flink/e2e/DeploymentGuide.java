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
package io.pravega.connectors.flink.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The commands and SQL of {@code docs/deployment.md}, as a user would copy them. */
final class DeploymentGuide {

    /** The controller URI the guide uses; the test replaces it with the embedded Pravega's. */
    static final String GUIDE_CONTROLLER = "tcp://localhost:9090";

    /** One {@code flink run} command: the main class and the program arguments. */
    static final class FlinkRun {
        final String mainClass;
        final List<String> args;
        final boolean detached;

        FlinkRun(String mainClass, List<String> args, boolean detached) {
            this.mainClass = mainClass;
            this.args = args;
            this.detached = detached;
        }

        /** The value of {@code --name}, or null. */
        String arg(String name) {
            int index = args.indexOf("--" + name);
            return index < 0 || index + 1 >= args.size() ? null : args.get(index + 1);
        }
    }

    private final String text;

    private DeploymentGuide(String text) {
        this.text = text;
    }

    static DeploymentGuide read(Path file, String controller) throws IOException {
        return new DeploymentGuide(
                Files.readString(file, StandardCharsets.UTF_8)
                        .replace(GUIDE_CONTROLLER, controller));
    }

    /** The {@code flink run} commands, in order; continuation lines joined. */
    List<FlinkRun> flinkRuns() {
        List<FlinkRun> runs = new ArrayList<>();
        String joined = text.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            if (!line.contains("bin/flink run")) {
                continue;
            }
            List<String> tokens =
                    Arrays.stream(line.trim().split("\\s+")).collect(Collectors.toList());
            int jar = tokens.indexOf("$JAR");
            int mainClass = tokens.indexOf("-c") + 1;
            if (jar < 0 || mainClass == 0) {
                continue; // prose that mentions `flink run`
            }
            runs.add(
                    new FlinkRun(
                            tokens.get(mainClass),
                            tokens.subList(jar + 1, tokens.size()),
                            tokens.contains("-d")));
        }
        return runs;
    }

    /** The statements of the first {@code sql} block, without comments. */
    List<String> sqlStatements() {
        int start = text.indexOf("```sql");
        int end = text.indexOf("```", start + 6);
        String sql =
                text.substring(start + 6, end)
                        .lines()
                        .map(line -> line.replaceFirst("--.*$", ""))
                        .collect(Collectors.joining("\n"));
        return Arrays.stream(sql.split(";\\s*(\n|$)"))
                .map(String::trim)
                .filter(statement -> !statement.isEmpty())
                .collect(Collectors.toList());
    }
}
