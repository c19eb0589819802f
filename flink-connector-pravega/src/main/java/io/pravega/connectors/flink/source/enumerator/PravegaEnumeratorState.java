package io.pravega.connectors.flink.source.enumerator;

import org.apache.flink.annotation.Internal;

/**
 * The checkpointed state of the source's enumerator: {@link ReaderGroupEnumeratorState} for an
 * unbounded read, {@link SegmentEnumeratorState} for a bounded one.
 */
@Internal
public abstract class PravegaEnumeratorState {

    protected PravegaEnumeratorState() {}
}
