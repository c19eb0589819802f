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
package io.pravega.connectors.flink.utils;

import io.pravega.client.ClientConfig;
import io.pravega.client.control.impl.Controller;
import io.pravega.client.control.impl.ControllerImpl;
import io.pravega.client.control.impl.ControllerImplConfig;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.StreamSegments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Scales streams through the controller, as an operator would, and counts their segments. */
public final class StreamScaling {

    private StreamScaling() {}

    /**
     * Seals the segments that own the given keys and replaces them with the given key ranges;
     * returns the number of segments after.
     */
    public static int scale(
            ClientConfig clientConfig,
            Stream stream,
            double[] sealedKeys,
            Map<Double, Double> newRanges) {
        return withController(
                clientConfig,
                (controller, executor) -> {
                    StreamSegments current =
                            controller
                                    .getCurrentSegments(stream.getScope(), stream.getStreamName())
                                    .join();
                    List<Long> sealed = new ArrayList<>();
                    for (double key : sealedKeys) {
                        sealed.add(current.getSegmentForKey(key).getSegmentId());
                    }
                    assertThat(
                                    controller
                                            .scaleStream(stream, sealed, newRanges, executor)
                                            .getFuture()
                                            .join())
                            .as("scale of %s", stream)
                            .isTrue();
                    return segmentCount(controller, stream);
                });
    }

    /** [0, 0.5) into [0, 0.25) + [0.25, 0.5), in a stream whose segments include [0, 0.5). */
    public static int splitLowerHalf(ClientConfig clientConfig, Stream stream) {
        return scale(clientConfig, stream, new double[] {0.1}, Map.of(0.0, 0.25, 0.25, 0.5));
    }

    /** [0, 0.25) + [0.25, 0.5) back into [0, 0.5). */
    public static int mergeLowerHalf(ClientConfig clientConfig, Stream stream) {
        return scale(clientConfig, stream, new double[] {0.1, 0.3}, Map.of(0.0, 0.5));
    }

    /** The number of segments the stream has now. */
    public static int segmentCount(ClientConfig clientConfig, Stream stream) {
        return withController(
                clientConfig, (controller, executor) -> segmentCount(controller, stream));
    }

    private static int segmentCount(Controller controller, Stream stream) {
        return controller
                .getCurrentSegments(stream.getScope(), stream.getStreamName())
                .join()
                .getNumberOfSegments();
    }

    /** The segment each routing key goes to now. */
    public static Map<String, Segment> segmentsOfKeys(
            ClientConfig clientConfig, Stream stream, List<String> keys) {
        return withController(
                clientConfig,
                (controller, executor) -> {
                    StreamSegments current =
                            controller
                                    .getCurrentSegments(stream.getScope(), stream.getStreamName())
                                    .join();
                    Map<String, Segment> segments = new HashMap<>();
                    for (String key : keys) {
                        segments.put(key, current.getSegmentForKey(key));
                    }
                    return segments;
                });
    }

    /** A call with a controller of its own, closed after. */
    public interface ControllerCall<R> {
        R call(Controller controller, ScheduledExecutorService executor) throws Exception;
    }

    public static <R> R withController(ClientConfig clientConfig, ControllerCall<R> call) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (Controller controller =
                new ControllerImpl(
                        ControllerImplConfig.builder().clientConfig(clientConfig).build(),
                        executor)) {
            return call.call(controller, executor);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            executor.shutdownNow();
        }
    }
}
