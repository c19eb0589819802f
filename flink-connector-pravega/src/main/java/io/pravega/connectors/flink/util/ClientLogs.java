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

import io.pravega.client.stream.impl.ReaderGroupImpl;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quiets the Pravega client's log of each checkpoint-completion poll. Pravega 0.13 logs the whole
 * reader-group state at INFO on every poll that finds a checkpoint pending; the connector polls
 * every few ms (see the enumerator), which would flood the JobManager's log. Under Log4j 2, Flink's
 * default, that one logger is set to WARN, unless the logging configuration names it itself; under
 * other logging backends nothing changes (see docs/troubleshooting.md).
 */
@Internal
public final class ClientLogs {

    private static final Logger LOG = LoggerFactory.getLogger(ClientLogs.class);

    /**
     * The logger of the poll; a class reference, so that a relocating shaded jar keeps it right.
     */
    static final String CHECKPOINT_POLL_LOGGER = ReaderGroupImpl.class.getName();

    private ClientLogs() {}

    /**
     * @return whether the logger was set to WARN now
     */
    public static boolean quietCheckpointPolls() {
        return setToWarnUnlessConfigured(CHECKPOINT_POLL_LOGGER);
    }

    /** Reflective, so that the connector needs no Log4j at compile time and works without it. */
    static boolean setToWarnUnlessConfigured(String loggerName) {
        try {
            ClassLoader loader = LoggerFactory.class.getClassLoader();
            Class<?> logManager =
                    Class.forName("org.apache.logging.log4j.LogManager", false, loader);
            Object context = logManager.getMethod("getContext", boolean.class).invoke(null, false);
            Class<?> coreContext =
                    Class.forName(
                            "org.apache.logging.log4j.core.LoggerContext",
                            false,
                            context.getClass().getClassLoader());
            if (!coreContext.isInstance(context)) {
                return false;
            }
            Object configuration = coreContext.getMethod("getConfiguration").invoke(context);
            Class<?> configurationType =
                    Class.forName(
                            "org.apache.logging.log4j.core.config.Configuration",
                            false,
                            coreContext.getClassLoader());
            Object loggerConfig =
                    configurationType
                            .getMethod("getLoggerConfig", String.class)
                            .invoke(configuration, loggerName);
            Class<?> loggerConfigType =
                    Class.forName(
                            "org.apache.logging.log4j.core.config.LoggerConfig",
                            false,
                            coreContext.getClassLoader());
            if (loggerName.equals(loggerConfigType.getMethod("getName").invoke(loggerConfig))) {
                return false; // configured by the user: theirs to decide
            }
            Class<?> level =
                    Class.forName(
                            "org.apache.logging.log4j.Level", false, coreContext.getClassLoader());
            Class.forName(
                            "org.apache.logging.log4j.core.config.Configurator",
                            false,
                            coreContext.getClassLoader())
                    .getMethod("setLevel", String.class, level)
                    .invoke(null, loggerName, level.getField("WARN").get(null));
            LOG.info(
                    "Logger {} set to WARN: it would log the reader group's state on every checkpoint poll. Name "
                            + "it in the logging configuration to choose its level yourself.",
                    loggerName);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.debug(
                    "Could not set logger {} to WARN; Log4j 2 is not the logging backend",
                    loggerName,
                    e);
            return false;
        }
    }
}
