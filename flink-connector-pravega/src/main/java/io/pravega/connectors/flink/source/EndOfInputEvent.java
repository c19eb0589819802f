package io.pravega.connectors.flink.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * The reader group has read every stream to its end cut; readers finish once they have emitted
 * what they fetched. (Pravega 0.13 readers do not see the end themselves: a segment that ends at
 * an end cut, rather than by being sealed, never reports its end.)
 */
@Internal
public final class EndOfInputEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
