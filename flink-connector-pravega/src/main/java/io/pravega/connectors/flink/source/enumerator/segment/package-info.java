/**
 * Bounded reads: the enumerator that hands out segment splits so that a segment's successors are
 * read only after it, which keeps each routing key's events in order.
 */
package io.pravega.connectors.flink.source.enumerator.segment;
