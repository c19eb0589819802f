package io.pravega.connectors.flink.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassPreloaderTest {

    @Test
    void loadsTheConnectionPackagesFromTheirJars() {
        // Here the packages come from several jars (gRPC, Netty, Pravega); in a job jar from one.
        assertThat(ClassPreloader.loadAll()).isGreaterThan(2000);
    }

    @Test
    void doesNothingOnFlinksOwnClassPath() {
        assertThat(ClassPreloader.startIfReleasable("test")).isNull();
    }
}
