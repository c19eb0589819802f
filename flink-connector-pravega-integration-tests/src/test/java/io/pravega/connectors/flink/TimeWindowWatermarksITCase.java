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
package io.pravega.connectors.flink;

import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.utils.FailingMapper;
import io.pravega.connectors.flink.utils.PravegaFlinkCluster;
import io.pravega.connectors.flink.utils.StreamScaling;
import io.pravega.connectors.flink.utils.TestEnvironments;
import io.pravega.connectors.flink.utils.TimedEvents;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.annotation.Nullable;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.pravega.connectors.flink.utils.SqlTables.collect;
import static io.pravega.connectors.flink.utils.SqlTables.createTable;
import static io.pravega.connectors.flink.utils.SqlTables.tableEnvironment;
import static io.pravega.connectors.flink.utils.TestEvents.integerSchema;
import static io.pravega.connectors.flink.utils.TimedEvents.EventEncoder.integers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event-time windows over a stream whose segments are read at uneven event-time speeds (see {@link
 * TimedEvents}): watermarks from Pravega's time windows drop nothing as late, where a watermark
 * from the timestamps one subtask has seen does.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TimeWindowWatermarksITCase {

    private static final OutputTag<Integer> LATE = new OutputTag<>("late", Types.INT);

    @RegisterExtension static final PravegaFlinkCluster CLUSTER = PravegaFlinkCluster.of(1, 4);

    private static FlinkPravegaReader.Builder<Integer> reader(Stream stream) {
        return FlinkPravegaReader.<Integer>builder()
                .withPravegaConfig(CLUSTER.getPravegaConfig())
                .forStream(stream)
                .withDeserializationSchema(integerSchema());
    }

    /** Timestamps only: the watermarks are the source's. */
    private static WatermarkStrategy<Integer> pravegaWatermarks() {
        return WatermarkStrategy.<Integer>noWatermarks()
                .withTimestampAssigner((event, ts) -> TimedEvents.timeOf(event));
    }

    /**
     * A watermark after every event, from the largest timestamp this subtask has seen: periodic
     * watermarks would hide the difference whenever the reader happens to read everything between
     * two of them.
     */
    private static WatermarkStrategy<Integer> subtaskWatermarks() {
        WatermarkStrategy<Integer> strategy =
                context ->
                        new WatermarkGenerator<>() {
                            private long maxTimestamp = Long.MIN_VALUE;

                            @Override
                            public void onEvent(
                                    Integer event, long timestamp, WatermarkOutput output) {
                                if (timestamp > maxTimestamp) {
                                    maxTimestamp = timestamp;
                                    output.emitWatermark(new Watermark(timestamp - 1));
                                }
                            }

                            @Override
                            public void onPeriodicEmit(WatermarkOutput output) {}
                        };
        return strategy.withTimestampAssigner((event, ts) -> TimedEvents.timeOf(event));
    }

    @Test
    void pravegaWatermarksDropNothingWhereWatermarksFromOneSubtasksTimestampsDo() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        TimedEvents.write(CLUSTER.getClientConfig(), stream, integers(), null);

        WindowRun pravega =
                run(
                        TestEnvironments.environment(1, 0, 0),
                        reader(stream).withTimeWindowWatermarks().build(),
                        pravegaWatermarks(),
                        null,
                        WindowRun::allFired);
        WindowRun subtask =
                run(
                        TestEnvironments.environment(1, 0, 0),
                        reader(stream).build(),
                        subtaskWatermarks(),
                        null,
                        run -> run.late > 0 || run.allFired());

        assertThat(pravega.windows).isEqualTo(TimedEvents.expectedWindowCounts());
        assertThat(pravega.late).isZero();
        // The reader alternates between the segments: the sparse writer's times run ahead.
        assertThat(subtask.late).as("events the per-subtask watermark made late").isPositive();
    }

    @Test
    void pravegaWatermarksDropNothingAcrossAFailureAndRestore() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        TimedEvents.write(CLUSTER.getClientConfig(), stream, integers(), null);
        String failure = "time-window-watermarks-restore";

        WindowRun run =
                run(
                        TestEnvironments.environment(2, 300, 3),
                        reader(stream).withTimeWindowWatermarks().build(),
                        pravegaWatermarks(),
                        new FailingMapper<>(failure, (int) TimedEvents.PER_WINDOW, true),
                        WindowRun::allFired);

        assertThat(FailingMapper.hasFailed(failure)).isTrue();
        assertThat(run.windows).isEqualTo(TimedEvents.expectedWindowCounts());
        assertThat(run.late).isZero();
    }

    @Test
    void pravegaWatermarksDropNothingAcrossAStreamScale() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        // Read while the stream is written, and scaled halfway.
        CompletableFuture<Void> written =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                TimedEvents.write(
                                        CLUSTER.getClientConfig(),
                                        stream,
                                        integers(),
                                        () ->
                                                StreamScaling.splitLowerHalf(
                                                        CLUSTER.getClientConfig(), stream));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });

        WindowRun run =
                run(
                        TestEnvironments.environment(1, 0, 0),
                        reader(stream).withTimeWindowWatermarks().build(),
                        pravegaWatermarks(),
                        null,
                        WindowRun::allFired);
        written.join();

        assertThat(StreamScaling.segmentCount(CLUSTER.getClientConfig(), stream)).isEqualTo(3);
        assertThat(run.windows).isEqualTo(TimedEvents.expectedWindowCounts());
        assertThat(run.late).isZero();
    }

    @Test
    void sqlTumblingWindowsOnSourceWatermarksCountEveryRow() throws Exception {
        Stream stream = CLUSTER.createStream(2);
        TimedEvents.write(CLUSTER.getClientConfig(), stream, TimedEvents::jsonEvent, null);
        StreamTableEnvironment tEnv = tableEnvironment(RuntimeExecutionMode.STREAMING, 1, 0, 0);
        tEnv.executeSql(
                createTable(
                        "timed",
                        "w INT, ts BIGINT, rt AS TO_TIMESTAMP_LTZ(ts, 3), WATERMARK FOR rt AS SOURCE_WATERMARK()",
                        CLUSTER.getControllerURI(),
                        stream,
                        "format",
                        "json"));

        List<Row> rows =
                collect(
                        tEnv.executeSql(
                                "SELECT window_start, COUNT(*) FROM TABLE("
                                        + "TUMBLE(TABLE timed, DESCRIPTOR(rt), INTERVAL '1' "
                                        + "SECOND)) GROUP BY window_start, window_end"),
                        TimedEvents.WINDOWS);

        Map<Long, Long> counts = new TreeMap<>();
        for (Row row : rows) {
            // Windows of a TIMESTAMP_LTZ column start in the session's time zone, the JVM's here.
            LocalDateTime start = (LocalDateTime) row.getField(0);
            counts.put(
                    start.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli(),
                    (Long) row.getField(1));
        }
        assertThat(counts).isEqualTo(TimedEvents.expectedWindowCounts());
    }

    /**
     * Counts events per 1 s event-time window, with late events to a side output, until {@code
     * done}; the results come through Flink's collect sink, which keeps only those of completed
     * checkpoints when a job restarts.
     */
    private static WindowRun run(
            StreamExecutionEnvironment env,
            FlinkPravegaReader<Integer> reader,
            WatermarkStrategy<Integer> strategy,
            @Nullable MapFunction<Integer, Integer> before,
            Predicate<WindowRun> done)
            throws Exception {
        DataStream<Integer> events = env.fromSource(reader, strategy, "pravega");
        if (before != null) {
            events = events.map(before).returns(Types.INT);
        }
        SingleOutputStreamOperator<String> windows =
                events.keyBy(event -> 0, Types.INT)
                        .window(
                                TumblingEventTimeWindows.of(
                                        Duration.ofMillis(TimedEvents.WINDOW_MILLIS)))
                        .sideOutputLateData(LATE)
                        .process(new CountPerWindow());
        DataStream<String> late =
                windows.getSideOutput(LATE).map(event -> "late " + event).returns(Types.STRING);
        WindowRun run = new WindowRun();
        try (CloseableIterator<String> results = windows.union(late).executeAndCollect()) {
            while (!done.test(run) && results.hasNext()) {
                run.record(results.next());
            }
        }
        return run;
    }

    /** "window start count" per window. */
    private static final class CountPerWindow
            extends ProcessWindowFunction<Integer, String, Integer, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(
                Integer key, Context context, Iterable<Integer> events, Collector<String> out) {
            long count = 0;
            for (Integer ignored : events) {
                count++;
            }
            out.collect("window " + context.window().getStart() + " " + count);
        }
    }

    /**
     * What a windowing job produced: each window's count (the last, if one fired again), and late
     * events.
     */
    private static final class WindowRun {
        final Map<Long, Long> windows = new TreeMap<>();
        long late;

        void record(String result) {
            String[] parts = result.split(" ");
            if (parts[0].equals("late")) {
                late++;
            } else {
                windows.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
        }

        boolean allFired() {
            return windows.size() >= TimedEvents.WINDOWS;
        }
    }
}
