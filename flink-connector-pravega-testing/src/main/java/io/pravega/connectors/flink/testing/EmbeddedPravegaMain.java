package io.pravega.connectors.flink.testing;

import org.apache.flink.annotation.PublicEvolving;

import java.util.concurrent.CountDownLatch;

/**
 * Starts an embedded Pravega that runs until Ctrl-C, for pointing a Flink job or the SQL client
 * at. Options: {@code --controller-port N} (default 9090; a free port if taken), {@code --auth},
 * {@code --tls}.
 */
@PublicEvolving
public final class EmbeddedPravegaMain {

    private EmbeddedPravegaMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPravega.Builder builder = EmbeddedPravega.builder().withControllerPort(9090);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--controller-port":
                    if (i + 1 >= args.length) {
                        usage("--controller-port needs a port number");
                    }
                    builder.withControllerPort(parsePort(args[++i]));
                    break;
                case "--auth":
                    builder.withAuth();
                    break;
                case "--tls":
                    builder.withTls();
                    break;
                case "--help":
                case "-h":
                    usage(null);
                    break;
                default:
                    usage("Unknown option: " + args[i]);
            }
        }

        System.out.println("Starting embedded Pravega...");
        EmbeddedPravega pravega = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping embedded Pravega...");
            pravega.close();
            stopped.countDown();
        }, "embedded-pravega-shutdown"));

        String uri = pravega.getControllerURI().toString();
        System.out.println();
        System.out.println("Embedded Pravega is running.");
        System.out.println("  Controller URI: " + uri);
        if (pravega.isAuthEnabled()) {
            System.out.println("  User / password: " + pravega.getUser() + " / " + pravega.getPassword());
        }
        if (pravega.isTlsEnabled()) {
            System.out.println("  Trust store (PEM): " + pravega.getCertificateFile());
        }
        System.out.println("  Point a job at it with --controller " + uri
                + " or export PRAVEGA_CONTROLLER_URI=" + uri);
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
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
        System.err.println("Usage: EmbeddedPravegaMain [--controller-port N] [--auth] [--tls]");
        System.exit(error == null ? 0 : 2);
    }
}
