/**
 * Helpers the connector uses internally: clients, checks, bounded calls and error advice. Not API.
 */
package io.pravega.connectors.flink.util;
