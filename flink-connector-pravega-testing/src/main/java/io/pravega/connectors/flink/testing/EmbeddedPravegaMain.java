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

import io.pravega.client.stream.Stream;

import org.apache.flink.annotation.Experimental;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts an embedded Pravega that runs until Ctrl-C, for pointing a Flink job or the SQL client at.
 * Options:
 *
 * <ul>
 *   <li>{@code --controller-port N}: the controller port, default 9090. If it is taken, the start
 *       fails and says so, so that a URI written in a job or a DDL never points elsewhere; 0 picks
 *       any free port.
 *   <li>{@code --create scope/stream[:segments]}, repeatable: creates the scope and the stream
 *       (default 1 segment) once Pravega runs.
 *   <li>{@code --auth}, {@code --tls}.
 *   <li>{@code --schema-registry}: also starts an {@link EmbeddedSchemaRegistry} (in-memory store)
 *       and prints its URI; {@code --schema-registry-port N} sets its port, default {@value
 *       EmbeddedSchemaRegistry#DEFAULT_PORT}, and implies {@code --schema-registry}. As with the
 *       controller port, a taken port fails the start; 0 picks any free port.
 * </ul>
 */
@Experimental
public final class EmbeddedPravegaMain {

    private static final String USAGE =
            "Usage: pravega-standalone [--controller-port N] [--create scope/stream[:segments]]... [--auth] [--tls]"
                    + " [--schema-registry [--schema-registry-port N]]";

    private EmbeddedPravegaMain() {}

    /** A stream to create at start. */
    private static final class StreamToCreate {
        final String spec;
        final int segments;

        StreamToCreate(String spec, int segments) {
            this.spec = spec;
            this.segments = segments;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPravega.Builder builder = EmbeddedPravega.builder().withExactControllerPort(9090);
        List<StreamToCreate> streams = new ArrayList<>();
        boolean schemaRegistry = false;
        int schemaRegistryPort = EmbeddedSchemaRegistry.DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--controller-port":
                    builder.withExactControllerPort(
                            parsePort(value(args, ++i, "--controller-port needs a port number")));
                    break;
                case "--create":
                    streams.add(
                            parseStream(
                                    value(args, ++i, "--create needs scope/stream[:segments]")));
                    break;
                case "--auth":
                    builder.withAuth();
                    break;
                case "--tls":
                    builder.withTls();
                    break;
                case "--schema-registry":
                    schemaRegistry = true;
                    break;
                case "--schema-registry-port":
                    schemaRegistry = true;
                    schemaRegistryPort =
                            parsePort(
                                    value(args, ++i, "--schema-registry-port needs a port number"));
                    break;
                case "--help":
                case "-h":
                    usage(null);
                    break;
                default:
                    usage("Unknown option: " + args[i]);
            }
        }

        if (schemaRegistry) {
            if (schemaRegistryPort < 0 || schemaRegistryPort > 65535) {
                usage("Not a port number: " + schemaRegistryPort);
            }
            builder.withSchemaRegistry(schemaRegistryPort);
        }

        System.out.println("Starting embedded Pravega...");
        EmbeddedPravega pravega;
        try {
            pravega = builder.start();
        } catch (IllegalStateException e) {
            System.err.println("Embedded Pravega did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println("Stopping embedded Pravega...");
                                    pravega.close();
                                    stopped.countDown();
                                },
                                "embedded-pravega-shutdown"));

        List<String> created = new ArrayList<>();
        for (StreamToCreate toCreate : streams) {
            try {
                Stream stream = pravega.getPravegaConfig().resolve(toCreate.spec);
                pravega.createScope(stream.getScope());
                pravega.createStream(stream.getScope(), stream.getStreamName(), toCreate.segments);
                created.add(stream.getScopedName() + " (" + toCreate.segments + " segments)");
            } catch (RuntimeException e) {
                System.err.println(
                        "Cannot create stream '" + toCreate.spec + "': " + e.getMessage());
                System.exit(2);
            }
        }

        String uri = pravega.getControllerURI().toString();
        System.out.println();
        System.out.println("Embedded Pravega is running.");
        System.out.println("  Controller URI: " + uri);
        if (pravega.isSchemaRegistryEnabled()) {
            System.out.println("  Schema Registry URI: " + pravega.getSchemaRegistryURI());
        }
        for (String stream : created) {
            System.out.println("  Stream: " + stream);
        }
        if (pravega.isAuthEnabled()) {
            System.out.println(
                    "  User / password: " + pravega.getUser() + " / " + pravega.getPassword());
        }
        if (pravega.isTlsEnabled()) {
            System.out.println("  Trust store (PEM): " + pravega.getCertificateFile());
        }
        System.out.println(
                "  Point a job at it with --controller "
                        + uri
                        + " or export PRAVEGA_CONTROLLER_URI="
                        + uri);
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    private static String value(String[] args, int index, String error) {
        if (index >= args.length) {
            usage(error);
        }
        return args[index];
    }

    private static StreamToCreate parseStream(String value) {
        int colon = value.lastIndexOf(':');
        String spec = colon < 0 ? value : value.substring(0, colon);
        int segments = 1;
        if (colon >= 0) {
            try {
                segments = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                segments = 0;
            }
            if (segments < 1) {
                usage(
                        "--create "
                                + value
                                + ": the segment count after ':' must be a number of at least 1");
            }
        }
        if (!spec.contains("/")) {
            usage("--create " + value + ": name the scope and the stream, as scope/stream");
        }
        return new StreamToCreate(spec, segments);
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage("Not a port number: " + value);
            return -1;
        }
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println(USAGE);
        System.exit(error == null ? 0 : 2);
    }
}
