/**
 * Test helpers for users and for this project: an embedded, in-process Pravega cluster ({@link
 * io.pravega.connectors.flink.testing.EmbeddedPravega}) and its JUnit 5 extension ({@link
 * io.pravega.connectors.flink.testing.PravegaExtension}).
 */
package io.pravega.connectors.flink.testing;
