/**
 * The source events that each read path's enumerator and readers send each other, and the names of
 * reader-group checkpoints, which readers map back to Flink checkpoints.
 */
package io.pravega.connectors.flink.source.event;
