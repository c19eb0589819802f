package io.pravega.connectors.flink.benchmarks;

import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.testing.EmbeddedPravega;

import org.apache.flink.util.ParameterTool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * Measures the connector next to the raw Pravega client, in one JVM against one embedded
 * Pravega (or {@code --controller}), at the same parallelism and event size, and prints a table
 * and writes it as CSV. A benchmark, not a test: nothing is asserted.
 *
 * <p>Options: {@code --events N} (1000000), {@code --event-size BYTES} (100), {@code
 * --parallelism P} (2; also the number of segments), {@code --checkpoint-interval MS} (1000),
 * {@code --latency-rate EVENTS_PER_S} (10000), {@code --latency-seconds S} (20), {@code --output
 * FILE} (benchmark-results.csv).
 */
public final class Benchmark {

    private Benchmark() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable t) {
            // Flink's local cluster replaces the default handler that would print this.
            System.out.println("Benchmark failed:");
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        long events = params.getLong("events", 1_000_000);
        int eventSize = params.getInt("event-size", 100);
        int parallelism = params.getInt("parallelism", 2);
        long checkpointMillis = params.getLong("checkpoint-interval", 1_000);
        int latencyRate = params.getInt("latency-rate", 10_000);
        int latencySeconds = params.getInt("latency-seconds", 20);
        Path output = Paths.get(params.get("output", "benchmark-results.csv"));
        boolean throughput = !params.has("latency-only");
        ConnectorRuns.readerGroupRefreshMillis = params.getLong("reader-group-refresh", 0);

        EmbeddedPravega embedded = params.has(PravegaConfig.CONTROLLER_PARAM) ? null : EmbeddedPravega.start();
        PravegaConfig config = embedded != null ? embedded.getPravegaConfig() : PravegaConfig.fromParams(params);
        config.withDefaultScope(params.get(PravegaConfig.SCOPE_PARAM, "benchmarks"));
        String settings = String.format(Locale.ROOT, "%,d events of %d B, parallelism %d (= segments), checkpoints "
                + "every %d ms, latency at %,d events/s for %d s", events, eventSize, parallelism, checkpointMillis,
                latencyRate, latencySeconds);
        List<Result> results = new ArrayList<>();
        try {
            System.out.println("Benchmark: " + settings);
            if (throughput) {
                throughputs(config, results, events, eventSize, parallelism, checkpointMillis);
            }
            for (PravegaWriterMode mode : new PravegaWriterMode[] {PravegaWriterMode.ATLEAST_ONCE, PravegaWriterMode.EXACTLY_ONCE}) {
                step("end-to-end latency, " + mode);
                Stream stream = createStream(config, "latency-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-'), parallelism);
                double[] latencies = ConnectorRuns.latency(config, stream, latencyRate, latencySeconds, parallelism,
                        eventSize, mode, checkpointMillis);
                results.add(Result.figure("end-to-end latency " + mode + " at " + latencyRate + " events/s",
                        percentiles(latencies)));
                results.add(Result.figure("checkpoint trigger -> readers aligned (" + mode + " run)",
                        AlignmentProbe.summary()));
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        String machine = machine();
        print(results, settings, machine);
        writeCsv(output, results, settings, machine);
        System.out.println("Written to " + output.toAbsolutePath());
    }

    private static void throughputs(PravegaConfig config, List<Result> results, long events, int eventSize,
            int parallelism, long checkpointMillis) throws Exception {
        // Unmeasured: JIT compilation and a cold segment store would otherwise count against the first figure.
        step("warm-up");
        RawClientRuns.write(config.getClientConfig(), createStream(config, "warm-up", parallelism), events / 2,
                parallelism, eventSize);
        Stream raw = createStream(config, "raw", parallelism);
        step("raw EventStreamWriter (flush at end)");
        RawClientRuns.write(config.getClientConfig(), raw, events, parallelism, eventSize);
        Result rawWriter = measured("raw EventStreamWriter", eventSize, "-", Double.NaN);
        results.add(rawWriter);

        step("FlinkPravegaWriter ATLEAST_ONCE");
        Stream atLeastOnce = createStream(config, "alo", parallelism);
        ConnectorRuns.write(config, atLeastOnce, events, parallelism, eventSize, PravegaWriterMode.ATLEAST_ONCE,
                checkpointMillis);
        results.add(measured("FlinkPravegaWriter ATLEAST_ONCE", eventSize, "raw EventStreamWriter",
                rawWriter.eventsPerSecond));

        step("FlinkPravegaWriter EXACTLY_ONCE");
        Stream exactlyOnce = createStream(config, "eo", parallelism);
        ConnectorRuns.write(config, exactlyOnce, events, parallelism, eventSize, PravegaWriterMode.EXACTLY_ONCE,
                checkpointMillis);
        results.add(measured("FlinkPravegaWriter EXACTLY_ONCE (" + checkpointMillis + " ms checkpoints)", eventSize,
                "raw EventStreamWriter", rawWriter.eventsPerSecond));

        step("raw reader group");
        RawClientRuns.read(config.getClientConfig(), raw, events, parallelism);
        Result rawReader = measured("raw reader group (" + parallelism + " readers)", eventSize, "-", Double.NaN);
        results.add(rawReader);

        step("FlinkPravegaReader");
        long heapPerReader = ConnectorRuns.read(config, raw, events, parallelism, checkpointMillis);
        results.add(measured("FlinkPravegaReader", eventSize, "raw reader group", rawReader.eventsPerSecond));
        results.add(Result.figure("heap per reader subtask (JVM heap delta / P)",
                heapPerReader < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", heapPerReader / 1048576.0)));

        step("raw batch client");
        RawClientRuns.readBatch(config.getClientConfig(), raw, events, parallelism);
        Result rawBatch = measured("raw batch client (" + parallelism + " threads, segment ranges)", eventSize, "-",
                Double.NaN);
        results.add(rawBatch);

        step("FlinkPravegaReader bounded");
        ConnectorRuns.readBounded(config, raw, events, parallelism, checkpointMillis);
        results.add(measured("FlinkPravegaReader bounded (segment-parallel)", eventSize, "raw batch client",
                rawBatch.eventsPerSecond));
    }

    private static void step(String what) {
        System.out.println("... " + what);
    }

    private static Result measured(String figure, int eventSize, String baseline, double baselineRate) {
        double rate = SteadyStateMeter.steadyRate();
        return new Result(figure, rate, eventSize, SteadyStateMeter.totalSeconds(), baseline,
                Double.isNaN(baselineRate) ? Double.NaN : rate / baselineRate, "");
    }

    private static String percentiles(double[] sorted) {
        if (sorted.length == 0) {
            return "no events arrived";
        }
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d events)",
                sorted[(int) (sorted.length * 0.50)], sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)],
                sorted[sorted.length - 1], sorted.length);
    }

    private static Stream createStream(PravegaConfig config, String name, int segments) {
        Stream stream = config.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 6));
        try (StreamManager streams = StreamManager.create(config.getClientConfig())) {
            streams.createScope(stream.getScope());
            streams.createStream(stream.getScope(), stream.getStreamName(),
                    StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(segments)).build());
        }
        return stream;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Paths.get("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        Properties versions = new Properties();
        try (InputStream in = Benchmark.class.getResourceAsStream("/benchmark-versions.properties")) {
            versions.load(in);
        } catch (IOException | RuntimeException e) {
            // versions stay unknown
        }
        return String.format(Locale.ROOT, "%s, %d cores, max heap %d MiB; %s %s; Java %s; Flink %s; Pravega client %s",
                cpu, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576,
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                versions.getProperty("flink.version", "?"), versions.getProperty("pravega.version", "?"));
    }

    private static void print(List<Result> results, String settings, String machine) {
        System.out.println();
        System.out.println("Machine: " + machine);
        System.out.println("Settings: " + settings);
        System.out.printf(Locale.ROOT, "%-55s %14s %10s %9s %9s  %s%n", "figure", "events/s", "MB/s", "total s",
                "x raw", "value / baseline");
        for (Result r : results) {
            if (Double.isNaN(r.eventsPerSecond)) {
                System.out.printf(Locale.ROOT, "%-55s %s%n", r.figure, r.note);
            } else {
                System.out.printf(Locale.ROOT, "%-55s %,14.0f %10.1f %9.1f %9s  %s%n", r.figure, r.eventsPerSecond,
                        r.megabytesPerSecond, r.totalSeconds,
                        Double.isNaN(r.ratio) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio), r.baseline);
            }
        }
    }

    private static void writeCsv(Path file, List<Result> results, String settings, String machine) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("# machine: " + machine);
            out.println("# settings: " + settings);
            out.println("figure,events_per_s,mb_per_s,total_s,ratio_to_raw,baseline,value");
            for (Result r : results) {
                out.printf(Locale.ROOT, "\"%s\",%s,%s,%s,%s,\"%s\",\"%s\"%n", r.figure, number(r.eventsPerSecond, "%.0f"),
                        number(r.megabytesPerSecond, "%.2f"), number(r.totalSeconds, "%.2f"), number(r.ratio, "%.3f"),
                        r.baseline, r.note);
            }
        }
    }

    private static String number(double value, String format) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, format, value);
    }
}
