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
package io.pravega.connectors.flink.state;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The checked-in bytes of each state format, in {@code src/test/resources/state-formats}.
 *
 * <p>With {@code -Dstate-formats.write=true}, a file that does not exist yet is written from the
 * current code's bytes, which is how a maintainer freezes a new version. An existing file is never
 * overwritten: a released version's bytes must not change.
 */
final class FrozenStateFiles {

    static final String WRITE_PROPERTY = "state-formats.write";
    private static final Path DIRECTORY = Paths.get("src", "test", "resources", "state-formats");

    private FrozenStateFiles() {}

    /**
     * A way to make the bytes of a file that is missing, or {@code null} where none may be made.
     */
    interface Writer {
        @Nullable
        byte[] bytes() throws Exception;
    }

    static byte[] read(String name, Writer writer) throws Exception {
        Path file = DIRECTORY.resolve(name + ".bin");
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            byte[] bytes = Boolean.getBoolean(WRITE_PROPERTY) ? writer.bytes() : null;
            if (bytes == null) {
                throw new IOException(
                        "No frozen bytes in "
                                + file.toAbsolutePath()
                                + ". If this is a new version of "
                                + "the format, run the test once with -D"
                                + WRITE_PROPERTY
                                + "=true to freeze it, then "
                                + "check the file in (see docs/state-formats.md).",
                        e);
            }
            Files.createDirectories(DIRECTORY);
            Files.write(file, bytes);
            return bytes;
        }
    }
}
