package io.pravega.connectors.flink.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A split of {@code FlinkPravegaReader}. An unbounded read is a reader group, and its splits are
 * {@link ReaderGroupSplit}s; a bounded read is segment-parallel, and its splits are {@link
 * SegmentSplit}s.
 */
@Internal
public abstract class PravegaSplit implements SourceSplit {

    PravegaSplit() {}
}
