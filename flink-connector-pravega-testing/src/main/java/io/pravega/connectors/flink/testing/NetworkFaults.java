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
package io.pravega.connectors.flink.testing;

import org.apache.flink.annotation.Experimental;

import java.time.Duration;
import java.util.List;

/**
 * The network between clients and an {@link EmbeddedPravega} started {@link
 * EmbeddedPravega.Builder#withFaultInjection() with fault injection}: one {@link
 * FaultInjectingProxy} in front of the controller and one in front of the segment store. The
 * methods here fault both at once, as a partition between a Flink cluster and Pravega would; use
 * {@link #controller()} or {@link #segmentStore()} to fault one.
 *
 * <p>The segment store publishes the proxy's address to everyone, so its own controller reaches it
 * through the proxy too: a partition also cuts the controller off the segment store, as in an
 * outage of the segment store's network.
 */
@Experimental
public final class NetworkFaults implements AutoCloseable {

    private final FaultInjectingProxy controller;
    private final FaultInjectingProxy segmentStore;

    NetworkFaults(FaultInjectingProxy controller, FaultInjectingProxy segmentStore) {
        this.controller = controller;
        this.segmentStore = segmentStore;
    }

    /** The proxy in front of the controller. */
    public FaultInjectingProxy controller() {
        return controller;
    }

    /** The proxy in front of the segment store. */
    public FaultInjectingProxy segmentStore() {
        return segmentStore;
    }

    /** Cuts clients off Pravega until {@link #heal()}. */
    public void partition() {
        both().forEach(FaultInjectingProxy::partition);
    }

    /** A partition for {@code duration}; returns when it healed. */
    public void partitionFor(Duration duration) throws InterruptedException {
        partition();
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            heal();
        }
    }

    /** Ends a partition or black hole. */
    public void heal() {
        both().forEach(FaultInjectingProxy::heal);
    }

    /** Resets every open connection to Pravega; returns how many. */
    public int resetConnections() {
        return controller.resetConnections() + segmentStore.resetConnections();
    }

    /** Adds latency to every byte each way (zero: none). */
    public void setLatency(Duration latency) {
        both().forEach(proxy -> proxy.setLatency(latency));
    }

    /** Limits the bandwidth of each proxy, each way (0: unlimited). */
    public void setBandwidth(long bytesPerSecond) {
        both().forEach(proxy -> proxy.setBandwidth(bytesPerSecond));
    }

    /** Heals and removes every latency and bandwidth limit. */
    public void clear() {
        both().forEach(FaultInjectingProxy::clearFaults);
    }

    @Override
    public void close() {
        both().forEach(FaultInjectingProxy::close);
    }

    private List<FaultInjectingProxy> both() {
        return List.of(controller, segmentStore);
    }
}
