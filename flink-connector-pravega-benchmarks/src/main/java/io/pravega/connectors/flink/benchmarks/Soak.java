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

import io.pravega.client.stream.Serializer;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.FlinkPravegaReader;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.testing.EmbeddedPravega;
import io.pravega.connectors.flink.testing.LiveThreads;
import io.pravega.connectors.flink.testing.ProgramOptions;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak run: an exactly-once pipeline on an embedded Pravega, for minutes, with network faults
 * injected at random; prints progress every 10 s and ends with a verdict. Not a test and not part
 * of CI. Options: see {@link #USAGE}.
 *
 * <p>Two jobs run on local Flink clusters in this JVM. The generator job paces a checkpointed
 * number sequence (0, 1, 2, ...) into the stream {@code input} with an exactly-once writer; the
 * pipeline job reads {@code input} with the exactly-once reader and writes every value into {@code
 * output} with an exactly-once writer. Two validators read {@code input} and {@code output} with
 * the plain Pravega client. At the end the generator stops, the pipeline drains, and every value
 * committed to {@code input} must be in {@code output} exactly once, and {@code input} itself must
 * hold every value up to its highest exactly once.
 */
public final class Soak {

    static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Usage: bin/soak [options]   (main class " + Soak.class.getName() + ")",
                    "  --minutes M             how long faults are injected and events generated (default 30)",
                    "  --rate N                events generated per second (500)",
                    "  --parallelism P         pipeline parallelism = segments per stream (2)",
                    "  --seed S                seed of the fault schedule (default: random, printed)",
                    "  --drain-minutes D       how long to wait at the end for every event to arrive (5)",
                    "  --faults KINDS          only these kinds of fault, comma-separated (default: all):",
                    "                          " + SoakFaults.Kind.names(),
                    "  --no-faults             inject no faults (a baseline)",
                    "  --help                  print this and exit",
                    "Faults, one at a time, every 20-60 s: partition 5-20 s, long partition ~60 s, connection",
                    "resets every 2 s for 20 s, 200 ms latency for 30 s, one-way black hole of the segment store",
                    "for 10 s, bandwidth 200 kB/s for 30 s. Exit code 0: PASS, 1: FAIL, 2: bad options.");

    private static final String SCOPE = "soak";
    private static final int KEYS = 16;
    private static final long START_NANOS = System.nanoTime();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** Set at the end: the generator stops producing values. */
    static final AtomicBoolean STOPPED = new AtomicBoolean();

    /** Values the generator emitted, replays after restarts included. */
    static final AtomicLong EMITTED = new AtomicLong();

    /** Per job: the highest attempt number a task of it started with (its restarts). */
    static final Map<String, Integer> ATTEMPTS = new ConcurrentHashMap<>();

    /** Per job: how many task attempts after the first started. */
    static final Map<String, Integer> TASK_RESTARTS = new ConcurrentHashMap<>();

    private Soak() {}

    /** gRPC logs through java.util.logging; held here, as JUL keeps loggers weakly. */
    private static final java.util.logging.Logger GRPC_LOG =
            java.util.logging.Logger.getLogger("io.grpc");

    public static void main(String[] args) {
        // Before anything logs: one line per warning, Pravega and gRPC silent.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-soak.properties");
        }
        GRPC_LOG.setLevel(java.util.logging.Level.OFF);
        int code;
        try {
            code = run(args);
        } catch (BadOptions e) {
            System.out.println(e.getMessage());
            System.out.println(USAGE);
            code = 2;
        } catch (Throwable t) {
            // Flink's local cluster replaces the default handler that would print this.
            System.out.println("Soak run failed:");
            t.printStackTrace(System.out);
            System.out.println("VERDICT: FAIL (the soak run itself failed: " + t + ")");
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static int run(String[] args) throws Exception {
        ProgramOptions params;
        int minutes;
        int rate;
        int parallelism;
        long seed;
        int drainMinutes;
        boolean withFaults;
        java.util.Set<SoakFaults.Kind> kinds;
        try {
            params = ProgramOptions.parse(args);
            if (params.has("help")) {
                System.out.println(USAGE);
                return 0;
            }
            minutes = params.getInt("minutes", 30);
            rate = params.getInt("rate", 500);
            parallelism = params.getInt("parallelism", 2);
            seed = params.getLong("seed", System.currentTimeMillis());
            drainMinutes = params.getInt("drain-minutes", 5);
            withFaults = !params.has("no-faults");
            kinds = SoakFaults.Kind.parse(params.get("faults", ""));
            for (String name : params.toMap().keySet()) {
                if (!List.of(
                                "help",
                                "minutes",
                                "rate",
                                "parallelism",
                                "seed",
                                "drain-minutes",
                                "faults",
                                "no-faults")
                        .contains(name)) {
                    throw new BadOptions("Unknown option --" + name);
                }
            }
            if (minutes < 1 || rate < 1 || parallelism < 1 || drainMinutes < 1) {
                throw new BadOptions(
                        "--minutes, --rate, --parallelism and --drain-minutes must be positive");
            }
        } catch (IllegalArgumentException e) {
            throw new BadOptions(e.getMessage());
        }

        log(
                "soak: %d min, %d events/s, parallelism %d, faults %s, seed %d",
                minutes, rate, parallelism, withFaults ? kinds : "off", seed);
        log("starting an embedded Pravega behind fault-injecting proxies...");
        String verdict;
        try (EmbeddedPravega pravega = EmbeddedPravega.builder().withFaultInjection().start()) {
            pravega.createScope(SCOPE);
            Stream input = pravega.createStream(SCOPE, "input", parallelism);
            Stream output = pravega.createStream(SCOPE, "output", parallelism);
            LiveThreads threadsBefore =
                    LiveThreads.settled(Duration.ofSeconds(2), Duration.ofSeconds(20));
            long heapBefore = usedHeapMbAfterGc();
            log(
                    "Pravega at %s; %d live threads, %d MB heap used (after GC) before the jobs",
                    pravega.getControllerURI(), threadsBefore.count(), heapBefore);

            SoakValidator inputValidator =
                    new SoakValidator("input", pravega.getClientConfig(), input);
            SoakValidator outputValidator =
                    new SoakValidator("output", pravega.getClientConfig(), output);
            inputValidator.start();
            outputValidator.start();

            JobClient generator = startGenerator(pravega.getPravegaConfig(), input, rate);
            JobClient pipeline =
                    startPipeline(pravega.getPravegaConfig(), input, output, parallelism);
            log(
                    "jobs started: generator %s, pipeline %s",
                    generator.getJobID(), pipeline.getJobID());

            SoakFaults faults = withFaults ? new SoakFaults(pravega.faults(), seed, kinds) : null;
            if (faults != null) {
                faults.start();
            }
            List<String> problems = new ArrayList<>();
            long generatorStart = System.nanoTime();
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                status(inputValidator, outputValidator, faults, generator, pipeline);
            }

            // The end: no more faults, no more values; then every committed value must arrive.
            if (faults != null) {
                faults.close();
                log("faults injected: %s", faults.injected());
            }
            STOPPED.set(true);
            double seconds = (System.nanoTime() - generatorStart) / 1e9;
            log(
                    "generator stopped (%d values emitted); waiting for input to settle...",
                    EMITTED.get());
            SoakValidator.Snapshot in =
                    awaitQuiet(
                            inputValidator,
                            Duration.ofSeconds(20),
                            Duration.ofMinutes(drainMinutes));
            log(
                    "input settled at %d distinct values (highest %d); draining the pipeline...",
                    in.distinct, in.max);
            SoakValidator.Snapshot out =
                    drain(inputValidator, outputValidator, Duration.ofMinutes(drainMinutes));
            // Values that a wrong restore replays arrive late: watch a little longer.
            Thread.sleep(10_000);
            in = inputValidator.snapshot();
            out = outputValidator.snapshot();
            status(inputValidator, outputValidator, null, generator, pipeline);
            String generatorStatus = jobStatus(generator);
            String pipelineStatus = jobStatus(pipeline);

            log("cancelling the jobs...");
            cancel(generator, "generator");
            cancel(pipeline, "pipeline");
            inputValidator.close();
            outputValidator.close();
            LiveThreads threadsAfter =
                    LiveThreads.settled(Duration.ofSeconds(3), Duration.ofSeconds(30));
            long heapAfter = usedHeapMbAfterGc();
            log(
                    "after the jobs: %d live threads (before: %d), %d MB heap used after GC (before: %d)",
                    threadsAfter.count(), threadsBefore.count(), heapAfter, heapBefore);
            if (threadsAfter.count() > threadsBefore.count()) {
                System.out.print(
                        "threads alive now that were not before:\n"
                                + threadsAfter.newSince(threadsBefore));
            }

            // The verdict.
            long lost = out.missingOf(in);
            long unexpected = in.missingOf(out);
            if (in.gaps() > 0) {
                problems.add(
                        in.gaps()
                                + " values missing in input below its highest (lost by the generator's writer), first: "
                                + in.firstGaps(10));
            }
            if (in.duplicates > 0) {
                problems.add(in.duplicates + " duplicates in input, e.g. " + in.duplicated);
            }
            if (lost > 0) {
                problems.add(
                        lost
                                + " values of input lost in output, first: "
                                + out.firstMissingOf(in, 10));
            }
            if (out.duplicates > 0) {
                problems.add(out.duplicates + " duplicates in output, e.g. " + out.duplicated);
            }
            if (unexpected > 0 || out.outOfRange > 0 || in.outOfRange > 0) {
                problems.add(
                        (unexpected + out.outOfRange + in.outOfRange)
                                + " values in output that input does not have");
            }
            if (in.distinct == 0 || out.distinct == 0) {
                problems.add("no progress: input " + in.distinct + ", output " + out.distinct);
            }
            if (!"RUNNING".equals(generatorStatus) || !"RUNNING".equals(pipelineStatus)) {
                problems.add(
                        "job status at the end: generator "
                                + generatorStatus
                                + ", pipeline "
                                + pipelineStatus);
            }
            log(
                    "summary: generated (committed to input) %d, %.0f/s of %d/s asked; validated in output %d; lost %d; duplicated %d (input %d); restarts generator %d, pipeline %d (task restarts %d, %d); validator re-reads input %d, output %d",
                    in.distinct,
                    in.distinct / seconds,
                    rate,
                    out.distinct,
                    lost + Math.max(0, in.gaps()),
                    out.duplicates,
                    in.duplicates,
                    ATTEMPTS.getOrDefault("generator", 0),
                    ATTEMPTS.getOrDefault("pipeline", 0),
                    TASK_RESTARTS.getOrDefault("generator", 0),
                    TASK_RESTARTS.getOrDefault("pipeline", 0),
                    in.rereads,
                    out.rereads);
            int injected =
                    faults == null
                            ? 0
                            : faults.injected().values().stream().mapToInt(Integer::intValue).sum();
            verdict =
                    problems.isEmpty()
                            ? "VERDICT: PASS ("
                                    + out.distinct
                                    + " events exactly once; "
                                    + injected
                                    + " faults; job restarts: generator "
                                    + ATTEMPTS.getOrDefault("generator", 0)
                                    + ", pipeline "
                                    + ATTEMPTS.getOrDefault("pipeline", 0)
                                    + ")"
                            : "VERDICT: FAIL: " + String.join("; ", problems);
            log("stopping Pravega...");
        }
        System.out.println(verdict);
        return verdict.startsWith("VERDICT: PASS") ? 0 : 1;
    }

    private static JobClient startGenerator(PravegaConfig config, Stream input, int rate)
            throws Exception {
        StreamExecutionEnvironment env = environment(1);
        env.fromSequence(0, Long.MAX_VALUE)
                .name("numbers")
                .flatMap(new Generate(rate))
                .name("pace")
                .sinkTo(writer(config, input));
        return env.executeAsync("generator");
    }

    private static JobClient startPipeline(
            PravegaConfig config, Stream input, Stream output, int parallelism) throws Exception {
        StreamExecutionEnvironment env = environment(parallelism);
        env.fromSource(
                        FlinkPravegaReader.<Long>builder()
                                .withPravegaConfig(config)
                                .forStream(input)
                                .withDeserializationSchema(
                                        new PravegaDeserializationSchema<>(
                                                Long.class, new LongSerializer()))
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "read input")
                .map(new CountRestarts("pipeline"))
                .sinkTo(writer(config, output));
        return env.executeAsync("pipeline");
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        // Restarts keep failing while a partition lasts; spaced out, they outlast a long one.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1_000_000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(3));
        conf.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing(1_000);
        // Checkpoints fail while Pravega is unreachable; the connector's own bounds fail the job.
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
        return env;
    }

    private static FlinkPravegaWriter<Long> writer(PravegaConfig config, Stream stream) {
        return FlinkPravegaWriter.<Long>builder()
                .withPravegaConfig(config)
                .forStream(stream)
                .withSerializationSchema(new PravegaSerializationSchema<>(new LongSerializer()))
                .withEventRouter(value -> Long.toString(value % KEYS))
                .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                .build();
    }

    private static void status(
            SoakValidator inputValidator,
            SoakValidator outputValidator,
            SoakFaults faults,
            JobClient generator,
            JobClient pipeline) {
        SoakValidator.Snapshot in = inputValidator.snapshot();
        SoakValidator.Snapshot out = outputValidator.snapshot();
        log(
                "emitted %d | input %d (dup %d, gaps %d) | output %d (dup %d, pending %d) | restarts gen %d pipe %d | jobs %s/%s | threads %d, heap %d MB%s",
                EMITTED.get(),
                in.distinct,
                in.duplicates,
                in.gaps(),
                out.distinct,
                out.duplicates,
                out.missingOf(in),
                ATTEMPTS.getOrDefault("generator", 0),
                ATTEMPTS.getOrDefault("pipeline", 0),
                jobStatus(generator),
                jobStatus(pipeline),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
                faults == null || "none".equals(faults.current())
                        ? ""
                        : " | fault: " + faults.current());
    }

    /** Waits until the validator saw nothing new for {@code quiet}, at most {@code timeout}. */
    private static SoakValidator.Snapshot awaitQuiet(
            SoakValidator validator, Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            SoakValidator.Snapshot snapshot = validator.snapshot();
            if (snapshot.secondsSinceLastEvent >= quiet.toSeconds() && snapshot.gaps() == 0) {
                return snapshot;
            }
            Thread.sleep(1_000);
        }
        log("input did not settle within %s", timeout);
        return validator.snapshot();
    }

    /**
     * Waits until {@code output} holds every value of {@code input}, at most {@code timeout}. When
     * the output validator saw nothing for a minute while values are pending, its reader may be
     * stuck: it re-reads from the head (and says so).
     */
    private static SoakValidator.Snapshot drain(
            SoakValidator inputValidator, SoakValidator outputValidator, Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextLog = start;
        while (true) {
            SoakValidator.Snapshot in = inputValidator.snapshot();
            SoakValidator.Snapshot out = outputValidator.snapshot();
            long pending = out.missingOf(in);
            if (pending == 0) {
                log("drained after %d s", (System.nanoTime() - start) / 1_000_000_000L);
                return out;
            }
            if (System.nanoTime() > deadline) {
                log("not drained after %s: %d values pending", timeout, pending);
                return out;
            }
            if (System.nanoTime() >= nextLog) {
                log("draining: %d values pending", pending);
                nextLog += TimeUnit.SECONDS.toNanos(10);
            }
            if (out.secondsSinceLastEvent >= 60) {
                outputValidator.reread();
            }
            Thread.sleep(1_000);
        }
    }

    private static String jobStatus(JobClient job) {
        try {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            return status.name();
        } catch (Exception e) {
            return "UNKNOWN(" + e.getClass().getSimpleName() + ")";
        }
    }

    private static void cancel(JobClient job, String name) {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("cancelling %s: %s", name, e);
        }
    }

    private static long usedHeapMbAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** Prints a line with the wall clock and the time since the start. */
    static void log(String format, Object... args) {
        long elapsed = (System.nanoTime() - START_NANOS) / 1_000_000_000L;
        System.out.printf(
                "%s +%02d:%02d  %s%n",
                LocalTime.now().format(CLOCK),
                elapsed / 60,
                elapsed % 60,
                String.format(format, args));
    }

    private static synchronized void countAttempt(String job, int attempt) {
        if (attempt > 0) {
            TASK_RESTARTS.merge(job, 1, Integer::sum);
            if (attempt > ATTEMPTS.getOrDefault(job, 0)) {
                ATTEMPTS.put(job, attempt);
                log("job %s restarted (attempt %d)", job, attempt);
            }
        }
    }

    /** The values as 8 bytes each. */
    static final class LongSerializer implements Serializer<Long>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public ByteBuffer serialize(Long value) {
            return (ByteBuffer) ByteBuffer.allocate(Long.BYTES).putLong(value).flip();
        }

        @Override
        public Long deserialize(ByteBuffer serializedValue) {
            return serializedValue.getLong();
        }
    }

    /** Passes the numbers on at a fixed rate until {@link #STOPPED}, then drops them slowly. */
    private static final class Generate extends RichFlatMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final FixedRatePacer pacer;

        Generate(int rate) {
            this.pacer = new FixedRatePacer(rate);
        }

        @Override
        public void open(OpenContext openContext) {
            countAttempt("generator", getRuntimeContext().getTaskInfo().getAttemptNumber());
        }

        @Override
        public void flatMap(Long value, Collector<Long> out) throws Exception {
            if (STOPPED.get()) {
                Thread.sleep(100);
                return;
            }
            pacer.awaitNext();
            EMITTED.incrementAndGet();
            out.collect(value);
        }
    }

    /** Passes every value on; counts the restarts of its job's tasks. */
    private static final class CountRestarts extends RichMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final String job;

        CountRestarts(String job) {
            this.job = job;
        }

        @Override
        public void open(OpenContext openContext) {
            countAttempt(job, getRuntimeContext().getTaskInfo().getAttemptNumber());
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    private static final class BadOptions extends Exception {
        private static final long serialVersionUID = 1L;

        BadOptions(String message) {
            super(message);
        }
    }
}
