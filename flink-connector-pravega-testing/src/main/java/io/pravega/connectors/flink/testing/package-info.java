/**
 * Test helpers for users and for this project: an embedded, in-process Pravega cluster ({@link
 * io.pravega.connectors.flink.testing.EmbeddedPravega}), its JUnit 5 extension ({@link
 * io.pravega.connectors.flink.testing.PravegaExtension}), and an embedded Pravega Schema Registry
 * ({@link io.pravega.connectors.flink.testing.EmbeddedSchemaRegistry}).
 */
package io.pravega.connectors.flink.testing;
