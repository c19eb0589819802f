package io.pravega.connectors.flink.table;

import io.pravega.connectors.flink.PravegaEventRouter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/**
 * Takes each event's routing key from a STRING column: a physical column named by
 * {@code sink.routing-key.field.name}, or the {@code routing_key} metadata column. A null value
 * means no routing key.
 */
@Internal
final class RowDataEventRouter implements PravegaEventRouter<RowData> {

    private static final long serialVersionUID = 1L;

    private final int position;

    RowDataEventRouter(int position) {
        this.position = position;
    }

    @Override
    public String getRoutingKey(RowData row) {
        return row.isNullAt(position) ? null : row.getString(position).toString();
    }
}
