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

import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.connectors.flink.FlinkPravegaReader;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.testing.ProgramOptions;

import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Measures the connector next to the raw Pravega client, in one JVM against one embedded Pravega
 * (or {@code --controller}), at the same parallelism and event size, and prints a table and writes
 * it as CSV. A benchmark, not a test: nothing is asserted. Options: see {@link #USAGE}.
 */
public final class Benchmark {

    static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Usage: bin/benchmark [options]   (main class "
                            + Benchmark.class.getName()
                            + ")",
                    "  --events N                  events per throughput run (default 1000000)",
                    "  --event-size BYTES          size of every event (100)",
                    "  --parallelism P             Flink parallelism = segments = raw writers and readers (2)",
                    "  --checkpoint-interval MS    Flink checkpoint interval (1000)",
                    "  --latency-rate N            events/s written in each latency run (10000)",
                    "  --latency-seconds S         length of each latency run; the first fifth is warm-up (20)",
                    "  --reader-group-refresh MS   reader-group refresh of the connector's reader and of the raw",
                    "                              latency baseline (the connector's default, "
                            + FlinkPravegaReader.Builder.DEFAULT_READER_GROUP_REFRESH_TIME
                                    .toMillis()
                            + ")",
                    "  --only PARTS                run only these parts, comma-separated (default: all):",
                    "                              " + Section.names(),
                    "                              --latency-only is the old spelling of --only latency",
                    "  --output FILE               CSV file to write (benchmark-results.csv)",
                    "  --controller URI            a running Pravega instead of an embedded one; --scope S (benchmarks)",
                    "  --help                      print this and exit",
                    "Latency runs: the raw client (one paced EventStreamWriter, a reader group of P readers), then",
                    "Flink jobs with writer ATLEAST_ONCE + reader EXACTLY_ONCE, writer ATLEAST_ONCE + reader",
                    "AT_LEAST_ONCE and writer EXACTLY_ONCE + reader EXACTLY_ONCE; each p99 is also given as a",
                    "multiple of the raw p99.");

    private final PravegaConfig config;
    private final long events;
    private final int eventSize;
    private final int parallelism;
    private final long checkpointMillis;
    private final LatencyLoad latencyLoad;
    private final List<Result> results = new ArrayList<>();

    private Benchmark(
            PravegaConfig config,
            long events,
            int eventSize,
            int parallelism,
            long checkpointMillis,
            LatencyLoad latencyLoad) {
        this.config = config;
        this.events = events;
        this.eventSize = eventSize;
        this.parallelism = parallelism;
        this.checkpointMillis = checkpointMillis;
        this.latencyLoad = latencyLoad;
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (BadOptions e) {
            System.out.println(e.getMessage());
            System.out.println(USAGE);
            System.exit(2);
        } catch (Throwable t) {
            // Flink's local cluster replaces the default handler that would print this.
            System.out.println("Benchmark failed:");
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        ProgramOptions params;
        long events;
        int eventSize;
        int parallelism;
        long checkpointMillis;
        LatencyLoad latencyLoad;
        Path output;
        Set<Section> sections;
        // Checked before Pravega starts, so that a typo costs no time.
        try {
            params = ProgramOptions.parse(args);
            if (params.has("help")) {
                System.out.println(USAGE);
                return;
            }
            events = params.getLong("events", 1_000_000);
            eventSize = params.getInt("event-size", 100);
            parallelism = params.getInt("parallelism", 2);
            checkpointMillis = params.getLong("checkpoint-interval", 1_000);
            latencyLoad =
                    new LatencyLoad(
                            params.getInt("latency-rate", 10_000),
                            params.getInt("latency-seconds", 20),
                            parallelism,
                            eventSize);
            output = Paths.get(params.get("output", "benchmark-results.csv"));
            sections =
                    params.has("only")
                            ? Section.parse(params.get("only"))
                            : params.has("latency-only")
                                    ? EnumSet.of(Section.LATENCY)
                                    : EnumSet.allOf(Section.class);
            long refreshMillis = params.getLong("reader-group-refresh", 0);
            if (refreshMillis > 0) {
                ConnectorRuns.readerGroupRefresh = Duration.ofMillis(refreshMillis);
            }
        } catch (IllegalArgumentException e) {
            throw new BadOptions(e.getMessage());
        }

        EmbeddedPravega embedded =
                params.has(PravegaConfig.CONTROLLER_PARAM) ? null : EmbeddedPravega.start();
        PravegaConfig config =
                embedded != null
                        ? embedded.getPravegaConfig()
                        : PravegaConfig.fromArguments(params.toMap());
        config.withDefaultScope(params.get(PravegaConfig.SCOPE_PARAM, "benchmarks"));
        String settings =
                String.format(
                        Locale.ROOT,
                        "%,d events of %d B, parallelism %d (= segments), checkpoints "
                                + "every %d ms, latency at %,d events/s for %d s, reader-group "
                                + "refresh %d ms; parts: %s",
                        events,
                        eventSize,
                        parallelism,
                        checkpointMillis,
                        latencyLoad.rate(),
                        latencyLoad.seconds(),
                        ConnectorRuns.readerGroupRefresh.toMillis(),
                        sections.toString().toLowerCase(Locale.ROOT));
        Benchmark benchmark =
                new Benchmark(
                        config, events, eventSize, parallelism, checkpointMillis, latencyLoad);
        try {
            System.out.println("Benchmark: " + settings);
            benchmark.runSections(sections);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        String machine = machine();
        Report.print(benchmark.results, settings, machine);
        Report.writeCsv(output, benchmark.results, settings, machine);
        System.out.println("Written to " + output.toAbsolutePath());
    }

    private void runSections(Set<Section> sections) throws Exception {
        boolean reads = sections.contains(Section.READERS) || sections.contains(Section.BOUNDED);
        if (sections.contains(Section.WRITERS) || reads) {
            // The readers read what the raw writer wrote, so it runs for them too, unmeasured.
            Stream raw = writers(sections.contains(Section.WRITERS));
            if (sections.contains(Section.READERS)) {
                readers(raw);
            }
            if (sections.contains(Section.BOUNDED)) {
                bounded(raw);
            }
        }
        if (sections.contains(Section.LATENCY)) {
            latencies();
        }
    }

    /** Returns the stream the raw writer wrote: {@code events} events, read by the read parts. */
    private Stream writers(boolean measured) throws Exception {
        Stream raw = createStream(config, "raw", parallelism);
        if (!measured) {
            step("raw EventStreamWriter, unmeasured: the stream for the reads");
            RawClientRuns.write(config.getClientConfig(), raw, events, parallelism, eventSize);
            return raw;
        }
        // Unmeasured: JIT compilation and a cold segment store would otherwise count against the
        // first figure.
        step("warm-up");
        RawClientRuns.write(
                config.getClientConfig(),
                createStream(config, "warm-up", parallelism),
                events / 2,
                parallelism,
                eventSize);
        step("raw EventStreamWriter (flush at end)");
        RawClientRuns.write(config.getClientConfig(), raw, events, parallelism, eventSize);
        Result rawWriter = measured("raw EventStreamWriter", "-", Double.NaN);
        results.add(rawWriter);

        step("FlinkPravegaWriter ATLEAST_ONCE");
        ConnectorRuns.write(
                config,
                createStream(config, "alo", parallelism),
                events,
                parallelism,
                eventSize,
                PravegaWriterMode.ATLEAST_ONCE,
                checkpointMillis);
        results.add(
                measured(
                        "FlinkPravegaWriter ATLEAST_ONCE",
                        "raw EventStreamWriter",
                        rawWriter.eventsPerSecond));

        step("FlinkPravegaWriter EXACTLY_ONCE");
        ConnectorRuns.write(
                config,
                createStream(config, "eo", parallelism),
                events,
                parallelism,
                eventSize,
                PravegaWriterMode.EXACTLY_ONCE,
                checkpointMillis);
        results.add(
                measured(
                        "FlinkPravegaWriter EXACTLY_ONCE (" + checkpointMillis + " ms checkpoints)",
                        "raw EventStreamWriter",
                        rawWriter.eventsPerSecond));
        return raw;
    }

    private void readers(Stream raw) throws Exception {
        step("raw reader group");
        RawClientRuns.read(config.getClientConfig(), raw, events, parallelism);
        Result rawReader =
                measured("raw reader group (" + parallelism + " readers)", "-", Double.NaN);
        results.add(rawReader);

        step("FlinkPravegaReader");
        long heapPerReader = ConnectorRuns.read(config, raw, events, parallelism, checkpointMillis);
        results.add(measured("FlinkPravegaReader", "raw reader group", rawReader.eventsPerSecond));
        results.add(
                Result.figure(
                        "heap per reader subtask (JVM heap delta / P)",
                        heapPerReader < 0
                                ? "n/a"
                                : String.format(
                                        Locale.ROOT, "%.1f MiB", heapPerReader / 1048576.0)));
    }

    private void bounded(Stream raw) throws Exception {
        step("raw batch client");
        RawClientRuns.readBatch(config.getClientConfig(), raw, events, parallelism);
        Result rawBatch =
                measured(
                        "raw batch client (" + parallelism + " threads, segment ranges)",
                        "-",
                        Double.NaN);
        results.add(rawBatch);

        step("FlinkPravegaReader bounded");
        ConnectorRuns.readBounded(config, raw, events, parallelism, checkpointMillis);
        results.add(
                measured(
                        "FlinkPravegaReader bounded (segment-parallel)",
                        "raw batch client",
                        rawBatch.eventsPerSecond));
    }

    /** The raw client first: every connector row gives its p99 as a multiple of the raw p99. */
    private void latencies() throws Exception {
        String rawFigure =
                "end-to-end latency, raw client ("
                        + parallelism
                        + " readers), "
                        + latencyLoad.rate()
                        + " events/s";
        step(rawFigure);
        Percentiles raw =
                RawClientRuns.latency(
                        config.getClientConfig(),
                        createStream(config, "latency-raw", parallelism),
                        latencyLoad,
                        ConnectorRuns.readerGroupRefresh);
        results.add(Result.percentiles(rawFigure, raw, "events", "-", Double.NaN));

        for (ConnectorLatencyCase run : ConnectorLatencyCase.ALL) {
            String figure =
                    "end-to-end latency, " + run.label() + ", " + latencyLoad.rate() + " events/s";
            step(figure);
            Percentiles latencies =
                    ConnectorRuns.latency(
                            config,
                            createStream(config, "latency-" + run.streamName(), parallelism),
                            latencyLoad,
                            run.writer(),
                            run.reader(),
                            checkpointMillis);
            results.add(
                    Result.percentiles(
                            figure, latencies, "events", rawFigure, latencies.p99RatioTo(raw)));
            results.add(
                    Result.percentiles(
                            "checkpoint trigger -> readers aligned (" + run.label() + " run)",
                            AlignmentProbe.percentiles(),
                            "checkpoints",
                            "",
                            Double.NaN));
        }
    }

    /** The writer and reader modes of one connector latency run. */
    private record ConnectorLatencyCase(PravegaWriterMode writer, DeliveryGuarantee reader) {

        static final List<ConnectorLatencyCase> ALL =
                List.of(
                        new ConnectorLatencyCase(
                                PravegaWriterMode.ATLEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE),
                        // Readers that never hold events at checkpoints: what is left is the
                        // connector's own path.
                        new ConnectorLatencyCase(
                                PravegaWriterMode.ATLEAST_ONCE, DeliveryGuarantee.AT_LEAST_ONCE),
                        new ConnectorLatencyCase(
                                PravegaWriterMode.EXACTLY_ONCE, DeliveryGuarantee.EXACTLY_ONCE));

        /**
         * By the enum names ({@code DeliveryGuarantee} prints "exactly-once"), so both modes read
         * alike.
         */
        String label() {
            return "writer " + writer.name() + " + reader " + reader.name();
        }

        String streamName() {
            return (writer.name() + "-" + reader.name()).toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Options that cannot be read: the usage is printed, nothing runs. */
    private static final class BadOptions extends Exception {
        private static final long serialVersionUID = 1L;

        BadOptions(String message) {
            super(message);
        }
    }

    private static void step(String what) {
        System.out.println("... " + what);
    }

    private Result measured(String figure, String baseline, double baselineRate) {
        double rate = SteadyStateMeter.steadyRate();
        return Result.throughput(
                figure,
                rate,
                eventSize,
                SteadyStateMeter.totalSeconds(),
                baseline,
                Double.isNaN(baselineRate) ? Double.NaN : rate / baselineRate);
    }

    private static Stream createStream(PravegaConfig config, String name, int segments) {
        Stream stream = config.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 6));
        try (StreamManager streams = StreamManager.create(config.getClientConfig())) {
            streams.createScope(stream.getScope());
            streams.createStream(
                    stream.getScope(),
                    stream.getStreamName(),
                    StreamConfiguration.builder()
                            .scalingPolicy(ScalingPolicy.fixed(segments))
                            .build());
        }
        return stream;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu =
                    Files.readAllLines(Paths.get("/proc/cpuinfo")).stream()
                            .filter(line -> line.startsWith("model name"))
                            .map(line -> line.substring(line.indexOf(':') + 1).trim())
                            .findFirst()
                            .orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        Properties versions = new Properties();
        try (InputStream in =
                Benchmark.class.getResourceAsStream("/benchmark-versions.properties")) {
            versions.load(in);
        } catch (IOException | RuntimeException e) {
            // versions stay unknown
        }
        return String.format(
                Locale.ROOT,
                "%s, %d cores, max heap %d MiB; %s %s; Java %s; Flink %s; Pravega client %s",
                cpu,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576,
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                versions.getProperty("flink.version", "?"),
                versions.getProperty("pravega.version", "?"));
    }
}
