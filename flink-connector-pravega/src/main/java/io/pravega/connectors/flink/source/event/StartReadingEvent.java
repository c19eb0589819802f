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
package io.pravega.connectors.flink.source.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader-group path: tells a reader that joined the reader group to start reading: every other
 * reader of the job is in the group too (or waited long enough), so each takes its fair share of
 * the segments.
 */
@Internal
public final class StartReadingEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return "StartReadingEvent";
    }
}
