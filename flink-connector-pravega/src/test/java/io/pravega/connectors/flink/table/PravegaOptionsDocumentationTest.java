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

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options table of {@code docs/table.md} is generated from the factory's {@link ConfigOption}s;
 * this test fails when they drift apart and prints the table to paste.
 */
class PravegaOptionsDocumentationTest {

    private static final Path DOC = Path.of("..", "docs", "table.md");
    private static final String START =
            "<!-- options:start (generated: PravegaOptionsDocumentationTest) -->";
    private static final String END = "<!-- options:end -->";

    @Test
    void theDocumentedOptionsAreTheFactorysOptions() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(doc).contains(START).contains(END);
        String documented =
                doc.substring(doc.indexOf(START) + START.length(), doc.indexOf(END)).trim();
        String generated = optionsTable();
        assertThat(documented)
                .as(
                        "docs/table.md is out of date; replace the table between the markers with:%n%s%n",
                        generated)
                .isEqualTo(generated);
    }

    @Test
    void everyOptionHasADescription() {
        PravegaDynamicTableFactory factory = new PravegaDynamicTableFactory();
        assertThat(factory.requiredOptions())
                .allSatisfy(option -> assertThat(describe(option)).isNotBlank());
        assertThat(factory.optionalOptions())
                .allSatisfy(option -> assertThat(describe(option)).isNotBlank());
    }

    static String optionsTable() {
        PravegaDynamicTableFactory factory = new PravegaDynamicTableFactory();
        StringBuilder table =
                new StringBuilder(
                        "| Option | Required | Default | Type | Description |\n|---|---|---|---|---|\n");
        table.append("| connector | required | (none) | String | Must be `'pravega'`. |\n");
        appendRows(table, factory.requiredOptions(), "required");
        appendRows(table, factory.optionalOptions(), "optional");
        return table.toString().trim();
    }

    private static void appendRows(
            StringBuilder table, Set<ConfigOption<?>> options, String required) {
        for (ConfigOption<?> option : options) {
            table.append("| ")
                    .append(option.key())
                    .append(" | ")
                    .append(required)
                    .append(" | ")
                    .append(
                            option.hasDefaultValue()
                                    ? "`" + format(option.defaultValue()) + "`"
                                    : "(none)")
                    .append(" | ")
                    .append(type(option))
                    .append(" | ")
                    .append(describe(option).replace("|", "\\|"))
                    .append(" |\n");
        }
    }

    private static String describe(ConfigOption<?> option) {
        return new HtmlFormatter().format(option.description()).replace("\n", " ");
    }

    private static String format(Object value) {
        if (value instanceof Duration) {
            long millis = ((Duration) value).toMillis();
            return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
        }
        return String.valueOf(value);
    }

    private static String type(ConfigOption<?> option) {
        Class<?> clazz = typeClass(option);
        if (clazz.isEnum()) {
            StringBuilder values = new StringBuilder("Enum: ");
            Object[] constants = clazz.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                values.append(i == 0 ? "" : ", ").append('`').append(constants[i]).append('`');
            }
            return values.toString();
        }
        return isList(option) ? "List<" + clazz.getSimpleName() + ">" : clazz.getSimpleName();
    }

    private static Class<?> typeClass(ConfigOption<?> option) {
        return (Class<?>) internal(option, "getClazz");
    }

    private static boolean isList(ConfigOption<?> option) {
        return (Boolean) internal(option, "isList");
    }

    /**
     * ConfigOption keeps its value class and list flag package-private (Flink's docs generator
     * reads them too).
     */
    private static Object internal(ConfigOption<?> option, String method) {
        try {
            Method getter = ConfigOption.class.getDeclaredMethod(method);
            getter.setAccessible(true);
            return getter.invoke(option);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + method + " of " + option.key(), e);
        }
    }
}
