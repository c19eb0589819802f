/**
 * Unbounded reads: source readers that each run one Pravega reader of the group on a fetcher
 * thread; the exactly-once reader holds at each Flink checkpoint's Pravega checkpoint event.
 */
package io.pravega.connectors.flink.source.reader.readergroup;
