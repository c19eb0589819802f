/** Bounded reads: source readers that read segment splits with Pravega's batch client. */
package io.pravega.connectors.flink.source.reader.segment;
