package io.pravega.connectors.flink;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Picks the Pravega routing key of an event. Events with the same key go to the same segment,
 * so they keep their order.
 */
@PublicEvolving
@FunctionalInterface
public interface PravegaEventRouter<T> extends Serializable {

    /** The routing key of {@code event}; {@code null} lets Pravega pick a segment at random. */
    String getRoutingKey(T event);
}
