package io.pravega.connectors.flink.utils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/** Flink environments for the ITCases, on the MiniCluster of the test class. */
public final class TestEnvironments {

    private TestEnvironments() {}

    /** {@code checkpointInterval} 0 means no checkpoints; {@code restarts} 0 means fail at once. */
    public static StreamExecutionEnvironment environment(int parallelism, long checkpointInterval, int restarts) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, restarts > 0 ? "fixed-delay" : "none");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Math.max(restarts, 1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        if (checkpointInterval > 0) {
            env.enableCheckpointing(checkpointInterval);
        }
        return env;
    }
}
