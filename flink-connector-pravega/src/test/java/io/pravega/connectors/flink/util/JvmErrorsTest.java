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
package io.pravega.connectors.flink.util;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class JvmErrorsTest {

    @Test
    void findsAJvmErrorDeepInTheCauseChain() {
        OutOfMemoryError oom =
                new OutOfMemoryError("Cannot reserve 2097152 bytes of direct buffer memory");
        assertThat(
                        JvmErrors.find(
                                new CompletionException(
                                        new RuntimeException("retries exhausted", oom))))
                .isSameAs(oom);
        NoClassDefFoundError linkage = new NoClassDefFoundError("x/Y");
        assertThat(JvmErrors.find(new RuntimeException(linkage))).isSameAs(linkage);
    }

    @Test
    void ordinaryFailuresHaveNone() {
        assertThat(JvmErrors.find(null)).isNull();
        assertThat(
                        JvmErrors.find(
                                new RuntimeException(
                                        "UNAVAILABLE", new java.io.IOException("refused"))))
                .isNull();
        assertThat(JvmErrors.find(new AssertionError("not a JVM error"))).isNull();
    }

    @Test
    void explanationsSayWhatToDoAndThatPravegaIsNotAtFault() {
        assertThat(
                        JvmErrors.explain(
                                new OutOfMemoryError(
                                        "Cannot reserve 2097152 bytes of direct buffer memory")))
                .contains(
                        "direct memory",
                        "taskmanager.memory.task.off-heap.size",
                        "not a problem of Pravega");
        assertThat(JvmErrors.explain(new OutOfMemoryError("Java heap space")))
                .contains("ran out of memory", "not a problem of Pravega")
                .doesNotContain("off-heap");
        assertThat(JvmErrors.explain(new NoClassDefFoundError("io/pravega/X")))
                .contains("could not be loaded", "io/pravega/X", "not a problem of Pravega");
    }
}
