/** The enumerator state of both read paths and its one versioned serializer. */
package io.pravega.connectors.flink.source.enumerator;
