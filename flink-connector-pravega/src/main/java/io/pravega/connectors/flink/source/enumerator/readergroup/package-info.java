/**
 * Unbounded reads: the enumerator that owns the reader group, triggers Pravega checkpoints for
 * Flink checkpoints and release checkpoints between them, and gates readers' start.
 */
package io.pravega.connectors.flink.source.enumerator.readergroup;
