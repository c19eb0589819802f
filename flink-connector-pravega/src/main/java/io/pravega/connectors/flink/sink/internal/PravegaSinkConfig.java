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
package io.pravega.connectors.flink.sink.internal;

import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.PravegaConfig;
import io.pravega.connectors.flink.PravegaWriterMode;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;

/** Everything the writer and committer of one sink need; validated by the builder. */
@Internal
public final class PravegaSinkConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Connection attempts of a Pravega writer before a write fails. With the client's default, 10
     * attempts (about 110 s of back-off, plus the controller's own retries), a write to a Pravega
     * that is gone blocked the task for about four minutes; 8 attempts cut the back-off to about 50
     * s, and the job restarts from its checkpoint sooner.
     */
    static final int WRITER_RETRY_ATTEMPTS = 8;

    private final PravegaConfig pravegaConfig;
    private final String scope;
    private final String streamName;
    private final PravegaWriterMode mode;
    private final Duration txnLease;
    private final boolean watermarksEnabled;
    private final boolean metricsEnabled;

    /**
     * Creates a missing stream (and scope) at start with this policy; null: a missing stream fails
     * the job.
     */
    @Nullable private final ScalingPolicy streamCreationPolicy;

    public PravegaSinkConfig(
            PravegaConfig pravegaConfig,
            Stream stream,
            PravegaWriterMode mode,
            Duration txnLease,
            boolean watermarksEnabled,
            boolean metricsEnabled,
            @Nullable ScalingPolicy streamCreationPolicy) {
        this.pravegaConfig = pravegaConfig;
        this.scope = stream.getScope();
        this.streamName = stream.getStreamName();
        this.mode = mode;
        this.txnLease = txnLease;
        this.watermarksEnabled = watermarksEnabled;
        this.metricsEnabled = metricsEnabled;
        this.streamCreationPolicy = streamCreationPolicy;
    }

    public PravegaConfig getPravegaConfig() {
        return pravegaConfig;
    }

    public Stream getStream() {
        return Stream.of(scope, streamName);
    }

    public PravegaWriterMode getMode() {
        return mode;
    }

    /** How long Pravega keeps a transaction open without hearing from its writer. */
    public Duration getTxnLease() {
        return txnLease;
    }

    public boolean isWatermarksEnabled() {
        return watermarksEnabled;
    }

    public boolean isMetricsEnabled() {
        return metricsEnabled;
    }

    @Nullable
    public ScalingPolicy getStreamCreationPolicy() {
        return streamCreationPolicy;
    }

    public EventWriterConfig writerConfig() {
        return EventWriterConfig.builder()
                .transactionTimeoutTime(txnLease.toMillis())
                .retryAttempts(WRITER_RETRY_ATTEMPTS)
                .build();
    }
}
