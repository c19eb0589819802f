/**
 * The writer's internals: the Sink V2 writer, its committer for exactly-once transactions, the
 * committable and writer-state formats, and bounded flushes. Not API.
 */
package io.pravega.connectors.flink.sink.internal;
