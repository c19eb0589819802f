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
package io.pravega.connectors.flink;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** What {@link FlinkPravegaWriter} guarantees about the events it writes. */
@PublicEvolving
public enum PravegaWriterMode {

    /** Asynchronous writes; a failed write is logged and counted, never retried by Flink. */
    BEST_EFFORT,

    /**
     * Every event is durable in Pravega before the checkpoint after it completes; a restart may
     * repeat some.
     */
    ATLEAST_ONCE,

    /**
     * One Pravega transaction per writer per checkpoint, committed when the checkpoint completes.
     */
    EXACTLY_ONCE;

    /** The mode for Flink's standard {@link DeliveryGuarantee}. */
    public static PravegaWriterMode of(DeliveryGuarantee guarantee) {
        switch (guarantee) {
            case NONE:
                return BEST_EFFORT;
            case AT_LEAST_ONCE:
                return ATLEAST_ONCE;
            case EXACTLY_ONCE:
                return EXACTLY_ONCE;
            default:
                throw new IllegalArgumentException("Unknown delivery guarantee " + guarantee);
        }
    }
}
