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

import java.util.Arrays;
import java.util.Locale;

/**
 * p50, p99 and max of some values in ms, each picked from the sorted values (no interpolation).
 * Every latency and alignment figure goes through here, so that they are computed alike.
 */
final class Percentiles {

    final double p50;
    final double p99;
    final double max;
    final int count;

    private Percentiles(double p50, double p99, double max, int count) {
        this.p50 = p50;
        this.p99 = p99;
        this.max = max;
        this.count = count;
    }

    static Percentiles of(double[] values) {
        if (values.length == 0) {
            return new Percentiles(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return new Percentiles(
                sorted[(int) (n * 0.50)],
                sorted[(int) Math.min(n - 1, n * 0.99)],
                sorted[n - 1],
                n);
    }

    /** NaN when either side has no values. */
    double p99RatioTo(Percentiles baseline) {
        return count == 0 || baseline.count == 0 || baseline.p99 <= 0
                ? Double.NaN
                : p99 / baseline.p99;
    }

    /** {@code what} names the values, e.g. "events". */
    String describe(String what) {
        if (count == 0) {
            return "no " + what + " measured";
        }
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d %s)",
                p50,
                p99,
                max,
                count,
                what);
    }
}
