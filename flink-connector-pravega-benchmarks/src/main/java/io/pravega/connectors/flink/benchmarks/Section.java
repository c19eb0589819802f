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
package io.pravega.connectors.flink.benchmarks;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The parts of a benchmark run that {@code --only} chooses from; every part runs by default. */
enum Section {
    WRITERS,
    READERS,
    BOUNDED,
    LATENCY;

    /** Stands for every throughput part. */
    static final String THROUGHPUT = "throughput";

    /** A comma-separated list, e.g. {@code "latency"} or {@code "readers,bounded"}. */
    static Set<Section> parse(String list) {
        Set<Section> chosen = EnumSet.noneOf(Section.class);
        for (String name : list.split(",")) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (key.equals(THROUGHPUT)) {
                chosen.addAll(EnumSet.of(WRITERS, READERS, BOUNDED));
            } else if (!key.isEmpty()) {
                chosen.add(named(key, list));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--only needs at least one of: " + names());
        }
        return chosen;
    }

    static String names() {
        StringBuilder names = new StringBuilder();
        for (Section section : values()) {
            names.append(section.key()).append(", ");
        }
        return names.append(THROUGHPUT).append(" (= writers,readers,bounded)").toString();
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Section named(String key, String list) {
        for (Section section : values()) {
            if (section.key().equals(key)) {
                return section;
            }
        }
        throw new IllegalArgumentException(
                "--only " + list + ": unknown part '" + key + "'; choose from " + names());
    }
}
