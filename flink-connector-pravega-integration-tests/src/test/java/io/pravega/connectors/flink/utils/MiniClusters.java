package io.pravega.connectors.flink.utils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniClusters of the ITCases: one per test class, shared by its tests. */
public final class MiniClusters {

    private MiniClusters() {}

    /** A MiniCluster of {@code taskManagers} TaskManagers with {@code slots} slots each. */
    public static MiniClusterExtension of(int taskManagers, int slots) {
        return new MiniClusterExtension(configuration(taskManagers, slots, new Configuration()));
    }

    /** The same, reporting every metric to {@code metrics}, so that tests can read them. */
    public static MiniClusterExtension withMetrics(int taskManagers, int slots, InMemoryReporter metrics) {
        return new MiniClusterExtension(
                configuration(taskManagers, slots, metrics.addToConfiguration(new Configuration())));
    }

    private static MiniClusterResourceConfiguration configuration(int taskManagers, int slots, Configuration config) {
        return new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(taskManagers)
                .setNumberSlotsPerTaskManager(slots)
                .setConfiguration(config)
                .build();
    }
}
