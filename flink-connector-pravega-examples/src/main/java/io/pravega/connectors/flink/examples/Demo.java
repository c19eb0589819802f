package io.pravega.connectors.flink.examples;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.testing.EmbeddedPravega;

import org.apache.flink.util.ParameterTool;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The README's first command: starts an embedded Pravega (unless {@code --controller} points at
 * a real one), writes keyed events into a stream and reads them back, then prints a verdict
 * computed from what was read.
 *
 * <p>Options: {@code --controller tcp://host:port}, {@code --scope NAME} (default "demo"),
 * {@code --events N} (default 10000), {@code --segments N} (default 3).
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        int events = params.getInt("events", 10_000);
        int segments = params.getInt("segments", 3);

        EmbeddedPravega embedded = null;
        PravegaConfig config;
        if (params.has(PravegaConfig.CONTROLLER_PARAM)) {
            config = PravegaConfig.fromParams(params);
        } else {
            System.out.println("Starting an embedded Pravega (pass --controller tcp://host:port to use your own)...");
            embedded = EmbeddedPravega.start();
            config = embedded.getPravegaConfig();
        }
        config.withDefaultScope(params.get(PravegaConfig.SCOPE_PARAM, "demo"));
        System.out.println("Pravega: " + config);

        boolean ok;
        try {
            Stream stream = config.resolve("events-" + UUID.randomUUID().toString().substring(0, 8));
            createStream(config.getClientConfig(), stream, segments);
            System.out.printf("Writing %,d events to %s (%d segments)...%n", events, stream.getScopedName(), segments);
            write(config.getClientConfig(), stream, events);
            System.out.println("Reading them back...");
            Map<String, Integer> seen = read(config.getClientConfig(), stream, events);
            ok = printVerdict(events, seen);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static void createStream(ClientConfig clientConfig, Stream stream, int segments) {
        try (StreamManager streamManager = StreamManager.create(clientConfig)) {
            streamManager.createScope(stream.getScope());
            streamManager.createStream(
                    stream.getScope(),
                    stream.getStreamName(),
                    StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(segments)).build());
        }
    }

    private static void write(ClientConfig clientConfig, Stream stream, int events) {
        try (EventStreamClientFactory factory = EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                EventStreamWriter<String> writer = factory.createEventWriter(
                        stream.getStreamName(), new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
            for (int i = 0; i < events; i++) {
                writer.writeEvent("sensor-" + (i % 10), "event-" + i);
            }
            writer.flush();
        }
    }

    /** Reads until {@code expected} events arrived and the stream then stays quiet. */
    private static Map<String, Integer> read(ClientConfig clientConfig, Stream stream, int expected) {
        Map<String, Integer> seen = new HashMap<>();
        String group = "demo-" + UUID.randomUUID();
        try (ReaderGroupManager groups = ReaderGroupManager.withScope(stream.getScope(), clientConfig)) {
            groups.createReaderGroup(group, ReaderGroupConfig.builder().stream(stream).build());
            try (EventStreamClientFactory factory = EventStreamClientFactory.withScope(stream.getScope(), clientConfig);
                    EventStreamReader<String> reader = factory.createReader(
                            "demo-reader", group, new UTF8StringSerializer(), ReaderConfig.builder().build())) {
                int total = 0;
                EventRead<String> read;
                do {
                    read = reader.readNextEvent(total < expected ? 5_000 : 1_000);
                    if (read.getEvent() != null) {
                        seen.merge(read.getEvent(), 1, Integer::sum);
                        total++;
                    }
                } while (read.getEvent() != null || read.isCheckpoint());
            } finally {
                groups.deleteReaderGroup(group);
            }
        }
        return seen;
    }

    private static boolean printVerdict(int events, Map<String, Integer> seen) {
        int read = seen.values().stream().mapToInt(Integer::intValue).sum();
        long duplicates = seen.values().stream().filter(count -> count > 1).mapToLong(count -> count - 1).sum();
        long missing = 0;
        for (int i = 0; i < events; i++) {
            if (!seen.containsKey("event-" + i)) {
                missing++;
            }
        }
        boolean ok = read == events && duplicates == 0 && missing == 0;
        System.out.println();
        System.out.printf("events in: %,d   events out: %,d   duplicates: %,d   missing: %,d%n", events, read, duplicates, missing);
        System.out.println(ok ? "VERDICT: OK, every event read exactly once" : "VERDICT: FAILED");
        return ok;
    }
}
