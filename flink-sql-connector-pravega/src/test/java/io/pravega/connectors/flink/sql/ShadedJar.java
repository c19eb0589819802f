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
package io.pravega.connectors.flink.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/** The shaded jar this module built in {@code package}: its path and entries. */
final class ShadedJar {

    /** The prefix every relocated third-party package gets. */
    static final String SHADED = "io.pravega.connectors.flink.shaded.";

    static final String SHADED_PATH = SHADED.replace('.', '/');

    static final String FACTORY_SERVICE =
            "META-INF/services/org.apache.flink.table.factories.Factory";
    static final String FACTORY_CLASS =
            "io.pravega.connectors.flink.table.PravegaDynamicTableFactory";

    private ShadedJar() {}

    /** Set by Failsafe; the jar exists once {@code package} has run (ITCases run after it). */
    static Path path() {
        String property = System.getProperty("sqlConnectorJar");
        if (property == null) {
            throw new IllegalStateException(
                    "System property 'sqlConnectorJar' is not set: run these tests with "
                            + "'mvn verify' (Failsafe, after 'package'), not from the test phase.");
        }
        Path path = Paths.get(property).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(
                    "The shaded jar "
                            + path
                            + " does not exist: run 'mvn verify' so that "
                            + "'package' builds it before the integration tests.");
        }
        return path;
    }

    /** Every file entry (no directories) with its bytes, sorted by name. */
    static Map<String, byte[]> entries() {
        Map<String, byte[]> entries = new TreeMap<>();
        try (JarFile jar = new JarFile(path().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.isDirectory()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        entries.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path(), e);
        }
        return entries;
    }

    /** The class names in a service file, without comments and blank lines. */
    static List<String> serviceEntries(byte[] serviceFile) {
        return new String(serviceFile, StandardCharsets.UTF_8)
                .lines()
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
    }
}
