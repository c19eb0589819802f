/**
 * The Table API / SQL connector {@code 'pravega'}: the table factory, its options, and the dynamic
 * source and sink.
 */
package io.pravega.connectors.flink.table;
