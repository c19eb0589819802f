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

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.ByteArraySerializer;
import io.pravega.connectors.flink.FlinkPravegaReader;
import io.pravega.connectors.flink.FlinkPravegaWriter;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;
import io.pravega.connectors.flink.serialization.PravegaDeserializationSchema;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** The connector's figures: Flink jobs on a local cluster in this JVM. */
final class ConnectorRuns {

    /** {@code --reader-group-refresh MS}; the raw latency baseline uses the same. */
    static Duration readerGroupRefresh =
            FlinkPravegaReader.Builder.DEFAULT_READER_GROUP_REFRESH_TIME;

    private ConnectorRuns() {}

    static StreamExecutionEnvironment environment(int parallelism, long checkpointMillis) {
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // Chained functions pass events on without copying them: the figures are the connector's.
        env.getConfig().enableObjectReuse();
        env.setParallelism(parallelism);
        if (checkpointMillis > 0) {
            env.enableCheckpointing(checkpointMillis);
        }
        return env;
    }

    static void write(
            PravegaConfig config,
            Stream stream,
            long events,
            int parallelism,
            int eventSize,
            PravegaWriterMode mode,
            long checkpointMillis)
            throws Exception {
        SteadyStateMeter.reset(events);
        StreamExecutionEnvironment env = environment(parallelism, checkpointMillis);
        env.fromSequence(0, events - 1)
                .map(new CountingPayloads(eventSize))
                .sinkTo(writer(config, stream, mode));
        env.execute("bench-writer-" + mode);
    }

    /**
     * Reads {@code events} from the stream's head; returns the heap per reader subtask (bytes,
     * approximate).
     */
    static long read(
            PravegaConfig config,
            Stream stream,
            long events,
            int parallelism,
            long checkpointMillis)
            throws Exception {
        long baseline = usedHeapAfterGc();
        SteadyStateMeter.reset(events);
        StreamExecutionEnvironment env = environment(parallelism, checkpointMillis);
        env.fromSource(
                        reader(config, stream, false, DeliveryGuarantee.EXACTLY_ONCE),
                        WatermarkStrategy.noWatermarks(),
                        "bench-reader")
                .map(new CountingReads())
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("bench-reader");
        long heapDuringRead = -1;
        while (!SteadyStateMeter.done()) {
            if (heapDuringRead < 0 && SteadyStateMeter.count() > events / 2) {
                heapDuringRead = usedHeapAfterGc();
            }
            Thread.sleep(100);
        }
        job.cancel().get();
        return heapDuringRead < 0 ? -1 : Math.max(0, heapDuringRead - baseline) / parallelism;
    }

    /** Reads the whole stream as a bounded, segment-parallel read (no reader group), to the end. */
    static void readBounded(
            PravegaConfig config,
            Stream stream,
            long events,
            int parallelism,
            long checkpointMillis)
            throws Exception {
        SteadyStateMeter.reset(events);
        StreamExecutionEnvironment env = environment(parallelism, checkpointMillis);
        env.fromSource(
                        reader(config, stream, true, DeliveryGuarantee.EXACTLY_ONCE),
                        WatermarkStrategy.noWatermarks(),
                        "bench-bounded-reader")
                .map(new CountingReads())
                .sinkTo(new DiscardingSink<>());
        env.execute("bench-bounded-reader");
    }

    /**
     * Writes the load and reads the stream in one job; returns the end-to-end latencies after the
     * warm-up. {@link AlignmentProbe} times the readers' checkpoint alignment meanwhile.
     */
    static Percentiles latency(
            PravegaConfig config,
            Stream stream,
            LatencyLoad load,
            PravegaWriterMode writerMode,
            DeliveryGuarantee readerGuarantee,
            long checkpointMillis)
            throws Exception {
        Latencies.reset(load.events());
        AlignmentProbe.reset();
        StreamExecutionEnvironment env = environment(load.parallelism(), checkpointMillis);
        env.fromSequence(0, load.events() - 1)
                .setParallelism(1)
                .map(new RateLimitedPayloads(load.rate(), load.eventSize()))
                .setParallelism(1)
                .sinkTo(writer(config, stream, writerMode));
        env.fromSource(
                        reader(config, stream, false, readerGuarantee),
                        WatermarkStrategy.noWatermarks(),
                        "latency-reader")
                .map(new AlignmentProbe<>())
                .map(new RecordLatency())
                .sinkTo(new DiscardingSink<>());
        JobClient job =
                env.executeAsync("bench-latency-" + writerMode + "-" + readerGuarantee.name());
        try {
            Latencies.awaitArrivals(load);
        } finally {
            job.cancel().get();
        }
        return Latencies.afterWarmUp(load);
    }

    private static FlinkPravegaWriter<byte[]> writer(
            PravegaConfig config, Stream stream, PravegaWriterMode mode) {
        return FlinkPravegaWriter.<byte[]>builder()
                .withPravegaConfig(config)
                .forStream(stream)
                .withSerializationSchema(bytes -> bytes)
                .withWriterMode(mode)
                .build();
    }

    private static FlinkPravegaReader<byte[]> reader(
            PravegaConfig config, Stream stream, boolean bounded, DeliveryGuarantee guarantee) {
        FlinkPravegaReader.Builder<byte[]> builder =
                FlinkPravegaReader.<byte[]>builder()
                        .withReaderGroupRefreshTime(readerGroupRefresh)
                        .withDeliveryGuarantee(guarantee);
        if (bounded) {
            builder.boundedToTail();
        }
        return builder.withPravegaConfig(config)
                .forStream(stream)
                .withDeserializationSchema(
                        new PravegaDeserializationSchema<>(byte[].class, new ByteArraySerializer()))
                .build();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static final class CountingPayloads implements MapFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final int size;

        CountingPayloads(int size) {
            this.size = size;
        }

        @Override
        public byte[] map(Long i) {
            SteadyStateMeter.add(1);
            return Payload.create(size);
        }
    }

    private static final class CountingReads implements MapFunction<byte[], byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] map(byte[] event) {
            SteadyStateMeter.add(1);
            return event;
        }
    }

    private static final class RateLimitedPayloads implements MapFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final FixedRatePacer pacer;
        private final int size;

        RateLimitedPayloads(int rate, int size) {
            this.pacer = new FixedRatePacer(rate);
            this.size = size;
        }

        @Override
        public byte[] map(Long i) throws InterruptedException {
            pacer.awaitNext();
            return Payload.create(size);
        }
    }

    private static final class RecordLatency implements MapFunction<byte[], byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] map(byte[] event) {
            Latencies.recordArrival(event);
            return event;
        }
    }
}
