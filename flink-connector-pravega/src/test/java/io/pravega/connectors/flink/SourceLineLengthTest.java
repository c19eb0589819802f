package io.pravega.connectors.flink;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the library's code readable side by side: no line over 120 characters. */
class SourceLineLengthTest {

    private static final int MAX = 120;

    @Test
    void noLineOfTheMainCodeIsLongerThan120Characters() throws IOException {
        // Surefire runs in the module's directory.
        Path sources = Path.of("src", "main", "java");
        assertThat(sources).isDirectory();
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).length() > MAX) {
                        tooLong.add(file + ":" + (i + 1) + " (" + lines.get(i).length() + ")");
                    }
                }
            }
        }
        assertThat(tooLong).as("lines over %d characters; wrap them", MAX).isEmpty();
    }
}
