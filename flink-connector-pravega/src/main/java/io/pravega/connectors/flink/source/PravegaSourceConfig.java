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
package io.pravega.connectors.flink.source;

import io.pravega.connectors.flink.PravegaConfig;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** Everything the enumerator and readers of one source need; validated by the builder. */
@Internal
public final class PravegaSourceConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final PravegaConfig pravegaConfig;
    private final List<StreamRange> streams;
    private final String readerGroupScope;
    private final String readerGroupName;
    private final boolean readerGroupNameGenerated;
    private final Duration readerGroupRefreshTime;
    private final Duration checkpointInitiateTimeout;
    private final Duration eventReadTimeout;
    private final int maxOutstandingCheckpointRequest;
    private final Duration segmentReleaseInterval;
    private final boolean boundedToTail;
    private final boolean startAtTail;
    private final boolean skipUndeserializableEvents;
    private final boolean metricsEnabled;
    private final boolean atLeastOnce;

    /** Null: no watermarks from Pravega's time windows. */
    @Nullable private final Duration watermarkLateness;

    public PravegaSourceConfig(
            PravegaConfig pravegaConfig,
            List<StreamRange> streams,
            String readerGroupScope,
            String readerGroupName,
            boolean readerGroupNameGenerated,
            Duration readerGroupRefreshTime,
            Duration checkpointInitiateTimeout,
            Duration eventReadTimeout,
            int maxOutstandingCheckpointRequest,
            Duration segmentReleaseInterval,
            boolean boundedToTail,
            boolean startAtTail,
            boolean skipUndeserializableEvents,
            boolean metricsEnabled,
            boolean atLeastOnce,
            @Nullable Duration watermarkLateness) {
        this.pravegaConfig = pravegaConfig;
        this.streams = List.copyOf(streams);
        this.readerGroupScope = readerGroupScope;
        this.readerGroupName = readerGroupName;
        this.readerGroupNameGenerated = readerGroupNameGenerated;
        this.readerGroupRefreshTime = readerGroupRefreshTime;
        this.checkpointInitiateTimeout = checkpointInitiateTimeout;
        this.eventReadTimeout = eventReadTimeout;
        this.maxOutstandingCheckpointRequest = maxOutstandingCheckpointRequest;
        this.segmentReleaseInterval = segmentReleaseInterval;
        this.boundedToTail = boundedToTail;
        this.startAtTail = startAtTail;
        this.skipUndeserializableEvents = skipUndeserializableEvents;
        this.metricsEnabled = metricsEnabled;
        this.atLeastOnce = atLeastOnce;
        this.watermarkLateness = watermarkLateness;
    }

    public PravegaConfig getPravegaConfig() {
        return pravegaConfig;
    }

    public List<StreamRange> getStreams() {
        return streams;
    }

    public String getReaderGroupScope() {
        return readerGroupScope;
    }

    public String getReaderGroupName() {
        return readerGroupName;
    }

    public boolean isReaderGroupNameGenerated() {
        return readerGroupNameGenerated;
    }

    public Duration getReaderGroupRefreshTime() {
        return readerGroupRefreshTime;
    }

    public Duration getCheckpointInitiateTimeout() {
        return checkpointInitiateTimeout;
    }

    public Duration getEventReadTimeout() {
        return eventReadTimeout;
    }

    public int getMaxOutstandingCheckpointRequest() {
        return maxOutstandingCheckpointRequest;
    }

    /** How often, at most, readers get to release finished segments without a Flink checkpoint. */
    public Duration getSegmentReleaseInterval() {
        return segmentReleaseInterval;
    }

    /** Bounded when every stream ends at a given cut, or at the tail. */
    public boolean isBounded() {
        return boundedToTail || streams.stream().allMatch(StreamRange::isBounded);
    }

    /** Whether every stream starts at its tail as it is when the job starts. */
    public boolean isStartAtTail() {
        return startAtTail;
    }

    public boolean isSkipUndeserializableEvents() {
        return skipUndeserializableEvents;
    }

    public boolean isMetricsEnabled() {
        return metricsEnabled;
    }

    /**
     * Whether an unbounded read never holds events at a checkpoint, and may repeat some after a
     * failure.
     */
    public boolean isAtLeastOnce() {
        return atLeastOnce;
    }

    /** Whether readers emit watermarks from the streams' Pravega time windows. */
    public boolean isTimeWindowWatermarks() {
        return watermarkLateness != null;
    }

    /**
     * What readers subtract from the time windows' lower bound; zero when they emit no watermarks.
     */
    public Duration getWatermarkLateness() {
        return watermarkLateness == null ? Duration.ZERO : watermarkLateness;
    }
}
