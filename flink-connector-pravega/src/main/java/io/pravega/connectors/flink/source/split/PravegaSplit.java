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
