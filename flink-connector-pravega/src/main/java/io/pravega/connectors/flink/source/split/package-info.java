/** The splits of both read paths and their one versioned serializer. */
package io.pravega.connectors.flink.source.split;
