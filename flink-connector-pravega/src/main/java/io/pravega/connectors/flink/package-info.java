/**
 * The Pravega connector's public API: {@link io.pravega.connectors.flink.FlinkPravegaReader} (a
 * FLIP-27 source), {@link io.pravega.connectors.flink.FlinkPravegaWriter} (a Sink V2 sink), {@link
 * io.pravega.connectors.flink.PravegaConfig} for the connection, and the writer's mode and event
 * router.
 */
package io.pravega.connectors.flink;
