/** What both read paths' source readers share: decoding an event with the user's schema. */
package io.pravega.connectors.flink.source.reader;
