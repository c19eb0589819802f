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

import io.pravega.shared.security.crypto.StrongPasswordProcessor;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** The password file of an embedded cluster with authentication. */
@Internal
final class AuthFiles {

    /** System properties the in-process cluster sets for its own internal client. */
    private static final String[] CLUSTER_CLIENT_PROPERTIES = {
        "pravega.client.auth.method", "pravega.client.auth.token", "pravega.client.auth.loadDynamic"
    };

    private AuthFiles() {}

    /** A Pravega password file that grants {@code user} every permission on every resource. */
    static Path writePasswordFile(String user, String password)
            throws IOException, GeneralSecurityException {
        String hash = StrongPasswordProcessor.builder().build().encryptPassword(password);
        Path file = Files.createTempFile("embedded-pravega-passwd", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(
                file, user + ":" + hash + ":prn::*,READ_UPDATE;\n", StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The cluster publishes its credentials as JVM-wide client defaults; remove them on close, so
     * that later clients in this JVM authenticate only with what they are given.
     */
    static void clearClusterClientProperties() {
        for (String property : CLUSTER_CLIENT_PROPERTIES) {
            System.clearProperty(property);
        }
    }
}
