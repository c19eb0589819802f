package io.pravega.connectors.flink.source.enumerator;

import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.Collection;
import java.util.function.Supplier;

/** Reader-group metrics on the enumerator: unread bytes, online readers, position per stream. */
@Internal
final class ReaderGroupMetricsGauges {

    static final String GROUP = "PravegaReaderGroup";
    static final String UNREAD_BYTES = "unreadBytes";
    static final String ONLINE_READERS = "onlineReaders";
    static final String STREAM_CUT = "currentStreamCut";

    private ReaderGroupMetricsGauges() {}

    static void register(MetricGroup parent, ReaderGroup readerGroup, Collection<Stream> streams) {
        MetricGroup group = parent.addGroup(GROUP);
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
