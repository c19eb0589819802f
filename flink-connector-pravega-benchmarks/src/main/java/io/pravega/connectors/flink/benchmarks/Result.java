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

/**
 * One row of the benchmark table: a throughput, a set of percentiles (latency, alignment), or a
 * single value. Figures that do not apply to the row are NaN (or null), printed as empty cells.
 */
final class Result {

    final String figure;
    final double eventsPerSecond;
    final double megabytesPerSecond;
    final double totalSeconds;
    final String baseline;

    /** Throughput relative to the baseline's. */
    final double ratio;

    final Percentiles percentiles;

    /** The p99 relative to the raw client's p99 (latency rows). */
    final double p99RatioToRaw;

    final String note;

    private Result(
            String figure,
            double eventsPerSecond,
            int eventSize,
            double totalSeconds,
            String baseline,
            double ratio,
            Percentiles percentiles,
            double p99RatioToRaw,
            String note) {
        this.figure = figure;
        this.eventsPerSecond = eventsPerSecond;
        this.megabytesPerSecond = eventsPerSecond * eventSize / 1e6;
        this.totalSeconds = totalSeconds;
        this.baseline = baseline;
        this.ratio = ratio;
        this.percentiles = percentiles;
        this.p99RatioToRaw = p99RatioToRaw;
        this.note = note;
    }

    static Result throughput(
            String figure,
            double eventsPerSecond,
            int eventSize,
            double totalSeconds,
            String baseline,
            double ratio) {
        return new Result(
                figure,
                eventsPerSecond,
                eventSize,
                totalSeconds,
                baseline,
                ratio,
                null,
                Double.NaN,
                "");
    }

    /** {@code what} names the values, e.g. "events" or "checkpoints". */
    static Result percentiles(
            String figure,
            Percentiles percentiles,
            String what,
            String baseline,
            double p99RatioToRaw) {
        return new Result(
                figure,
                Double.NaN,
                0,
                Double.NaN,
                baseline,
                Double.NaN,
                percentiles,
                p99RatioToRaw,
                percentiles.describe(what));
    }

    static Result figure(String figure, String value) {
        return new Result(
                figure, Double.NaN, 0, Double.NaN, "", Double.NaN, null, Double.NaN, value);
    }

    boolean isThroughput() {
        return !Double.isNaN(eventsPerSecond);
    }

    boolean hasPercentiles() {
        return percentiles != null;
    }
}
