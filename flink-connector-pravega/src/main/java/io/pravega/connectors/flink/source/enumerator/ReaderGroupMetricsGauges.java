package io.pravega.connectors.flink.source.enumerator;

import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.Collection;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Reader-group metrics on the enumerator: unread bytes, online readers, position per stream. */
@Internal
final class ReaderGroupMetricsGauges {

    static final String GROUP = "PravegaReaderGroup";
    static final String UNREAD_BYTES = "unreadBytes";
    static final String ONLINE_READERS = "onlineReaders";
    static final String STREAM_CUT = "currentStreamCut";
    static final String CHECKPOINT_ALIGNMENT = "lastCheckpointAlignmentMillis";

    private ReaderGroupMetricsGauges() {}

    /**
     * {@code checkpointAlignmentMillis}: how long the last reader-group checkpoint took from its
     * start until every reader had read up to it, i.e. until the barrier could be placed.
     */
    static void register(MetricGroup parent, ReaderGroup readerGroup, Collection<Stream> streams,
            LongSupplier checkpointAlignmentMillis) {
        MetricGroup group = parent.addGroup(GROUP);
        group.gauge(CHECKPOINT_ALIGNMENT, checkpointAlignmentMillis::getAsLong);
        group.gauge(UNREAD_BYTES, safe(() -> readerGroup.getMetrics().unreadBytes(), -1L));
        group.gauge(ONLINE_READERS, safe(() -> readerGroup.getOnlineReaders().size(), -1));
        for (Stream stream : streams) {
            group.addGroup("stream", stream.getScopedName()).gauge(STREAM_CUT, safe(() -> {
                StreamCut cut = readerGroup.getStreamCuts().get(stream);
                return cut == null ? "" : cut.asText();
            }, ""));
        }
    }

    /** Metric reporters must not see exceptions, e.g. after the group closed. */
    private static <T> Gauge<T> safe(Supplier<T> value, T fallback) {
        return () -> {
            try {
                return value.get();
            } catch (RuntimeException e) {
                return fallback;
            }
        };
    }
}
