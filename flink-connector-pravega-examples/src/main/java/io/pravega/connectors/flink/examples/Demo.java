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
package io.pravega.connectors.flink.examples;

import io.pravega.client.ClientConfig;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.FlinkPravegaReader;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;
import io.pravega.connectors.flink.testing.ProgramOptions;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.UUID;

/**
 * The README's first command: an exactly-once pipeline from Pravega to Pravega, with a failure in
 * the middle, and a verdict computed from what a plain Pravega reader sees at the end.
 *
 * <pre>
 *   generate sensor readings ─► FlinkPravegaWriter (EXACTLY_ONCE) ─► input stream (auto-scaling)
 *   input stream ─► FlinkPravegaReader (watermarks from Pravega's time windows)
 *               ─► 1 s event-time windows per sensor
 *               ─► FlinkPravegaWriter (EXACTLY_ONCE) ─► output stream
 * </pre>
 *
 * <p>The input stream scales by event rate: Pravega splits its segments once it has measured two
 * minutes of traffic above the target rate, while transactions are open and the reader reads. The
 * demo prints the segment count as it changes.
 *
 * <p>Options: {@code --controller tcp://host:port} (default: start an embedded Pravega), {@code
 * --scope NAME}, {@code --events N} (80000), {@code --rate N} events/s (500), {@code --sensors N}
 * (10), {@code --parallelism P} (2), {@code --no-failure}.
 */
public final class Demo {

    private static final long WINDOW_MILLIS = 1_000;
    private static final OutputTag<SensorReading> LATE =
            new OutputTag<>("late", TypeInformation.of(SensorReading.class));

    /**
     * Events per second per segment above which Pravega scales the input up. Its first scale needs
     * a two-minute average of five times this, which the default rate gives.
     */
    private static final int SCALING_TARGET_RATE = 20;

    private static final int SCALING_FACTOR = 2;
    private static final int INPUT_SEGMENTS = 2;

    private Demo() {}

    public static void main(String[] args) {
        try {
            System.exit(run(ProgramOptions.parse(args)) ? 0 : 1);
        } catch (Throwable t) {
            // Flink's local cluster replaces the default handler that would print this.
            System.out.println("The demo failed:");
            t.printStackTrace(System.out);
            System.exit(2);
        }
    }

    private static boolean run(ProgramOptions params) throws Exception {
        long events = params.getLong("events", 80_000);
        int rate = params.getInt("rate", 500);
        int sensors = params.getInt("sensors", 10);
        int parallelism = params.getInt("parallelism", 2);
        boolean failure = !params.has("no-failure");

        boolean ok;
        try (ExamplePravega pravega = ExamplePravega.connect(params, "demo")) {
            PravegaConfig config = pravega.config();
            String run = UUID.randomUUID().toString().substring(0, 8);
            Stream input =
                    pravega.createStream(
                            "readings-" + run,
                            ScalingPolicy.byEventRate(
                                    SCALING_TARGET_RATE, SCALING_FACTOR, INPUT_SEGMENTS));
            Stream output = pravega.createStream("window-totals-" + run, 2);
            System.out.printf(
                    "Pravega %s: %s -> Flink -> %s%n",
                    config.getControllerURI(), input.getScopedName(), output.getScopedName());

            StreamExecutionEnvironment env = environment(parallelism);
            // 1. Generate readings and write them, exactly once, into the input stream.
            env.fromSequence(0, events + sensors - 1)
                    .setParallelism(1)
                    .map(new SensorGenerator(events, sensors, rate))
                    .setParallelism(1)
                    .name("generate readings")
                    // The writer notes these watermarks in Pravega (each transaction's commit
                    // time).
                    .assignTimestampsAndWatermarks(
                            WatermarkStrategy.<SensorReading>forMonotonousTimestamps()
                                    .withTimestampAssigner((reading, ignored) -> reading.timestamp))
                    .setParallelism(1)
                    .keyBy(reading -> reading.sensor)
                    .map(SensorReading::toLine)
                    .sinkTo(exactlyOnceWriter(config, input, true))
                    .name("write readings");

            // 2. Read them back with watermarks from Pravega's time windows (which hold across
            //    segments read at uneven speeds), sum each sensor's 1 s event-time windows, and
            //    write the totals exactly once.
            FlinkPravegaReader<String> reader =
                    FlinkPravegaReader.<String>builder()
                            .withPravegaConfig(config)
                            .forStream(input)
                            .withDeserializationSchema(
                                    new PravegaDeserializationSchema<>(
                                            String.class, new UTF8StringSerializer()))
                            .withTimeWindowWatermarks()
                            .build();
            SingleOutputStreamOperator<WindowTotal> windows =
                    env.fromSource(
                                    reader,
                                    WatermarkStrategy.<String>noWatermarks()
                                            .withTimestampAssigner(
                                                    (line, ignored) ->
                                                            SensorReading.parse(line).timestamp),
                                    "read readings")
                            .map(SensorReading::parse)
                            .map(new DemoProgress.CountAndFailOnce(failure ? events * 9 / 10 : -1))
                            .name("count (and fail once)")
                            .filter(reading -> !reading.isEndMarker())
                            .keyBy(reading -> reading.sensor)
                            .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW_MILLIS)))
                            .sideOutputLateData(LATE)
                            .process(new SumPerWindow())
                            .name("1 s event-time windows per sensor");
            windows.map(WindowTotal::toLine)
                    .sinkTo(exactlyOnceWriter(config, output, false))
                    .name("write window totals");
            windows.getSideOutput(LATE)
                    .map(new DemoProgress.CountLate())
                    .name("count late readings")
                    .sinkTo(new DiscardingSink<>());

            DemoVerdict verdict = new DemoVerdict(events, sensors, WINDOW_MILLIS);
            System.out.printf(
                    "Running: %,d readings of %d sensors at %,d/s, parallelism %d, checkpoints every second%s%n",
                    events,
                    sensors,
                    rate,
                    parallelism,
                    failure ? ", one injected failure near the end" : "");
            System.out.printf(
                    "The input stream has %d segments and scales by event rate (target %d events/s per "
                            + "segment); Pravega scales it after two minutes of traffic%s.%n",
                    INPUT_SEGMENTS,
                    SCALING_TARGET_RATE,
                    pravega.isEmbedded() ? "" : " and its controller's cooldown");
            JobClient job = env.executeAsync("pravega-exactly-once-demo");
            ProgressPrinter progress =
                    new ProgressPrinter(
                            events,
                            verdict.expectedWindows(),
                            new SegmentCount(config.getClientConfig(), input));
            // The pipeline runs until cancelled: read its output until all windows are committed.
            verdict.readOutput(
                    config.getClientConfig(),
                    output,
                    Duration.ofSeconds(120 + events / Math.max(1, rate)),
                    progress::maybePrint);
            progress.print();
            job.cancel().get();
            progress.segments.close();
            ok = verdict.print(failure);
        }
        return ok;
    }

    /**
     * Writes text lines exactly once, routed by their first field (the sensor): per-sensor order
     * holds. With {@code watermarks}, each transaction carries the writer's watermark to readers.
     */
    private static FlinkPravegaWriter<String> exactlyOnceWriter(
            PravegaConfig config, Stream stream, boolean watermarks) {
        return FlinkPravegaWriter.<String>builder()
                .withPravegaConfig(config)
                .forStream(stream)
                .withSerializationSchema(
                        new PravegaSerializationSchema<>(new UTF8StringSerializer()))
                .withEventRouter(line -> line.substring(0, line.indexOf(',')))
                .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                .enableWatermark(watermarks)
                .build();
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(1_000);
        return env;
    }

    /**
     * Prints a progress line every two seconds, and a line whenever the input's segment count
     * changes.
     */
    private static final class ProgressPrinter {
        private final long events;
        private final long windows;
        final SegmentCount segments;
        private long last = System.nanoTime();

        ProgressPrinter(long events, long windows, SegmentCount segments) {
            this.events = events;
            this.windows = windows;
            this.segments = segments;
        }

        void maybePrint() {
            if (System.nanoTime() - last > Duration.ofSeconds(2).toNanos()) {
                print();
            }
        }

        void print() {
            last = System.nanoTime();
            segments.printIfChanged();
            System.out.println(
                    DemoProgress.line(events, windows) + " | input segments " + segments.last);
        }
    }

    /** The number of segments the input stream has now, as Pravega reports it. */
    private static final class SegmentCount implements AutoCloseable {
        private final StreamManager streamManager;
        private final Stream stream;
        int last = -1;

        SegmentCount(ClientConfig clientConfig, Stream stream) {
            this.streamManager = StreamManager.create(clientConfig);
            this.stream = stream;
        }

        void printIfChanged() {
            int now;
            try {
                now =
                        streamManager
                                .fetchStreamInfo(stream.getScope(), stream.getStreamName())
                                .join()
                                .getTailStreamCut()
                                .asImpl()
                                .getPositions()
                                .size();
            } catch (RuntimeException e) {
                return; // a progress line is no reason to fail the demo
            }
            if (last >= 0 && now != last) {
                System.out.printf(
                        ">>> Pravega scaled the input stream by itself: %d -> %d segments%n",
                        last, now);
            }
            last = now;
        }

        @Override
        public void close() {
            streamManager.close();
        }
    }
}
