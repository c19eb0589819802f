package io.pravega.connectors.flink.benchmarks;

/** One row of the benchmark table. */
final class Result {

    final String figure;
    final double eventsPerSecond;
    final double megabytesPerSecond;
    final double totalSeconds;
    final String baseline;
    final double ratio;
    final String note;

    Result(String figure, double eventsPerSecond, int eventSize, double totalSeconds, String baseline, double ratio,
            String note) {
        this.figure = figure;
        this.eventsPerSecond = eventsPerSecond;
        this.megabytesPerSecond = eventsPerSecond * eventSize / 1e6;
        this.totalSeconds = totalSeconds;
        this.baseline = baseline;
        this.ratio = ratio;
        this.note = note;
    }

    static Result figure(String figure, String value) {
        return new Result(figure, Double.NaN, 0, Double.NaN, "", Double.NaN, value);
    }
}
