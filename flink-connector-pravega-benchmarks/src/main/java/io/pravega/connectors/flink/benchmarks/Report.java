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

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** The results as tables on the console and as one CSV file. */
final class Report {

    /**
     * The first seven columns are those of earlier versions, so that older readers of the file
     * still work; the latency columns follow. Cells that do not apply to a row are empty.
     */
    static final String CSV_HEADER =
            "figure,events_per_s,mb_per_s,total_s,ratio_to_raw,baseline,value,"
                    + "p50_ms,p99_ms,max_ms,p99_ratio_to_raw,samples";

    private Report() {}

    static void print(List<Result> results, String settings, String machine) {
        System.out.println();
        System.out.println("Machine: " + machine);
        System.out.println("Settings: " + settings);
        String figureColumn = "%-" + widestFigure(results) + "s";
        if (results.stream().anyMatch(Result::isThroughput)) {
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    figureColumn + " %14s %10s %9s %9s  %s%n",
                    "throughput",
                    "events/s",
                    "MB/s",
                    "total s",
                    "x raw",
                    "baseline");
            for (Result r : only(results, Result::isThroughput)) {
                System.out.printf(
                        Locale.ROOT,
                        figureColumn + " %,14.0f %10.1f %9.1f %9s  %s%n",
                        r.figure,
                        r.eventsPerSecond,
                        r.megabytesPerSecond,
                        r.totalSeconds,
                        cell(r.ratio, "%.2f"),
                        r.baseline);
            }
        }
        if (results.stream().anyMatch(Result::hasPercentiles)) {
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    figureColumn + " %10s %10s %10s %10s %9s  %s%n",
                    "latency / alignment",
                    "p50 ms",
                    "p99 ms",
                    "max ms",
                    "p99 x raw",
                    "samples",
                    "baseline");
            for (Result r : only(results, Result::hasPercentiles)) {
                Percentiles p = r.percentiles;
                System.out.printf(
                        Locale.ROOT,
                        figureColumn + " %10s %10s %10s %10s %,9d  %s%n",
                        r.figure,
                        cell(p.p50, "%.1f"),
                        cell(p.p99, "%.1f"),
                        cell(p.max, "%.1f"),
                        cell(r.p99RatioToRaw, "%.2f"),
                        p.count,
                        r.baseline);
            }
        }
        List<Result> others = only(results, r -> !r.isThroughput() && !r.hasPercentiles());
        if (!others.isEmpty()) {
            System.out.println();
            for (Result r : others) {
                System.out.printf(Locale.ROOT, figureColumn + " %s%n", r.figure, r.note);
            }
        }
    }

    static void writeCsv(Path file, List<Result> results, String settings, String machine)
            throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("# machine: " + machine);
            out.println("# settings: " + settings);
            out.println(CSV_HEADER);
            for (Result r : results) {
                Percentiles p = r.percentiles;
                out.printf(
                        Locale.ROOT,
                        "\"%s\",%s,%s,%s,%s,\"%s\",\"%s\",%s,%s,%s,%s,%s%n",
                        r.figure,
                        number(r.eventsPerSecond, "%.0f"),
                        number(r.megabytesPerSecond, "%.2f"),
                        number(r.totalSeconds, "%.2f"),
                        number(r.ratio, "%.3f"),
                        r.baseline,
                        r.note,
                        p == null ? "" : number(p.p50, "%.3f"),
                        p == null ? "" : number(p.p99, "%.3f"),
                        p == null ? "" : number(p.max, "%.3f"),
                        number(r.p99RatioToRaw, "%.3f"),
                        p == null ? "" : Integer.toString(p.count));
            }
        }
    }

    private static List<Result> only(List<Result> results, Predicate<Result> kind) {
        return results.stream().filter(kind).toList();
    }

    private static int widestFigure(List<Result> results) {
        return results.stream().mapToInt(r -> r.figure.length()).max().orElse(0) + 1;
    }

    private static String cell(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String number(double value, String format) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, format, value);
    }
}
