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

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the demo prints while it runs. The local Flink cluster runs in this JVM, so the pipeline's
 * functions update these counters directly.
 */
final class DemoProgress {

    static final AtomicLong GENERATED = new AtomicLong();
    static final AtomicLong READ = new AtomicLong();
    static final AtomicLong CHECKPOINTS = new AtomicLong();
    static final AtomicLong RESTARTS = new AtomicLong();
    static final AtomicLong WINDOWS_OUT = new AtomicLong();

    /** Readings that came after the watermark had closed their window (replays included). */
    static final AtomicLong LATE = new AtomicLong();

    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    private DemoProgress() {}

    static String line(long events, long windows) {
        return String.format(
                "generated %,d/%,d | read from Pravega %,d (replays included) | windows committed %,d/%,d "
                        + "| late %d | checkpoints %d | restarts %d",
                GENERATED.get(),
                events,
                READ.get(),
                WINDOWS_OUT.get(),
                windows,
                LATE.get(),
                CHECKPOINTS.get(),
                RESTARTS.get());
    }

    /** Counts readings that their window dropped as late. */
    static final class CountLate implements MapFunction<SensorReading, SensorReading> {
        private static final long serialVersionUID = 1L;

        @Override
        public SensorReading map(SensorReading reading) {
            LATE.incrementAndGet();
            return reading;
        }
    }

    /**
     * Counts readings that the Pravega reader delivered, and throws once, after a checkpoint, at
     * {@code failAt}.
     */
    static final class CountAndFailOnce extends RichMapFunction<SensorReading, SensorReading>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final long failAt;
        private transient boolean checkpointed;

        CountAndFailOnce(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public void open(OpenContext context) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            RESTARTS.accumulateAndGet(attempt, Math::max);
        }

        @Override
        public SensorReading map(SensorReading reading) {
            long read = READ.incrementAndGet();
            if (failAt >= 0
                    && read >= failAt
                    && checkpointed
                    && FAILED_ONCE.compareAndSet(false, true)) {
                System.out.println(
                        ">>> Injecting a failure now; Flink restarts the job from its last checkpoint.");
                throw new IllegalStateException(
                        "Injected failure (run with --no-failure to turn it off)");
            }
            return reading;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                CHECKPOINTS.incrementAndGet();
            }
        }
    }
}
