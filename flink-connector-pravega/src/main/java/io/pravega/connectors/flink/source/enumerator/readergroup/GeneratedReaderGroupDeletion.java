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
package io.pravega.connectors.flink.source.enumerator.readergroup;

import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.connectors.flink.util.BoundedCall;
import io.pravega.controller.stream.api.grpc.v1.Controller.DeleteReaderGroupStatus;
import io.pravega.controller.stream.api.grpc.v1.Controller.ReaderGroupInfo;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Deletes the reader group whose name the connector generated, when the enumerator closes.
 *
 * <p>Flink closes a coordinator asynchronously and releases the job's class loader without waiting
 * for it. The delete may therefore run after the loader closed its jars, when it can use only
 * classes already loaded. {@link #prepare()} loads, at job start, the few classes that only a
 * delete needs (its request and reply messages); everything else on the path is used by the
 * enumerator's own work before, and the class-loader ITCase proves that deletes on cancel succeed.
 */
@Internal
public final class GeneratedReaderGroupDeletion {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratedReaderGroupDeletion.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private GeneratedReaderGroupDeletion() {}

    /** Loads and initializes the classes only a delete uses, while the class loader is open. */
    public static void prepare() {
        try {
            DeleteReaderGroupStatus.parseFrom(
                            DeleteReaderGroupStatus.newBuilder()
                                    .setStatus(DeleteReaderGroupStatus.Status.SUCCESS)
                                    .build()
                                    .toByteArray())
                    .getStatus();
            ReaderGroupInfo.parseFrom(
                    ReaderGroupInfo.newBuilder()
                            .setScope("scope")
                            .setReaderGroup("group")
                            .setReaderGroupId(new UUID(0, 0).toString())
                            .build()
                            .toByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot prepare the deletion of generated reader groups", e);
        }
    }

    /**
     * Bounded in time: with Pravega gone, the client would retry, and the job's close hang, for
     * minutes.
     *
     * @param lastAttempt whether a failure is final (logged as a warning) or will be retried
     * @return whether the group was deleted
     */
    public static boolean delete(
            ReaderGroupManager groupManager, String scope, String name, boolean lastAttempt) {
        String group = scope + "/" + name;
        String failure;
        Throwable cause = null;
        try {
            BoundedCall.once(
                    "pravega-delete-" + name,
                    TIMEOUT,
                    () -> {
                        groupManager.deleteReaderGroup(name);
                        return null;
                    });
            LOG.info("Deleted reader group {}", group);
            return true;
        } catch (TimeoutException e) {
            failure = "within " + TIMEOUT.toSeconds() + " s: Pravega did not answer";
        } catch (ExecutionException e) {
            cause = e.getCause();
            failure = "(" + cause + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while deleting reader group {}; delete it by hand.", group);
            return false;
        }
        if (lastAttempt) {
            LOG.warn(
                    "Could not delete reader group {} {}. Delete it by hand.",
                    group,
                    failure,
                    cause);
        } else {
            LOG.info(
                    "Could not delete reader group {} {}; trying again with new clients.",
                    group,
                    failure,
                    cause);
        }
        return false;
    }
}
