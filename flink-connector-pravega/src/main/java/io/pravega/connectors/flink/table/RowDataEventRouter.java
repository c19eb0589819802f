/*
 * Copyright (c) The flink-connector-pravega Authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.pravega.connectors.flink.table;

import io.pravega.connectors.flink.PravegaEventRouter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/**
 * Takes each event's routing key from a STRING column: a physical column named by {@code
 * sink.routing-key.field.name}, or the {@code routing_key} metadata column. A null value means no
 * routing key.
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
