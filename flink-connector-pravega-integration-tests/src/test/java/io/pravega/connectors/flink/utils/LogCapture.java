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

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures everything this JVM logs while open: Log4j 2 (with stack traces), java.util.logging
 * (gRPC logs there) and System.out/err. While open, Flink logs at INFO and the Pravega client and
 * the connector at DEBUG into the capture, more than the test configuration shows, while the
 * console shows only the root's old level and above (warnings). The embedded Pravega servers stay
 * at their configured levels. One capture at a time.
 */
public final class LogCapture implements AutoCloseable {

    /** Loggers lowered while capturing; everything else logs at Flink's INFO through the root. */
    private static final Map<String, Level> LOWERED =
            Map.of(
                    "io.pravega.client", Level.DEBUG,
                    "io.pravega.connectors.flink", Level.DEBUG);

    private final StringBuffer text = new StringBuffer();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Map<String, Level> savedLevels = new HashMap<>();
    private final Map<String, Appender> rootAppenders = new HashMap<>();
    private final CapturingAppender appender = new CapturingAppender();
    private final JulHandler julHandler = new JulHandler();
    private final PrintStream savedOut = System.out;
    private final PrintStream savedErr = System.err;
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();

    private LogCapture() {}

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.install();
        return capture;
    }

    private void install() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        savedLevels.put("", root.getLevel());
        // The console keeps the root's old threshold; the capture takes every level.
        rootAppenders.putAll(root.getAppenders());
        for (Appender console : rootAppenders.values()) {
            root.removeAppender(console.getName());
            root.addAppender(console, root.getLevel(), null);
        }
        root.setLevel(Level.INFO);
        appender.start();
        config.addAppender(appender);
        root.addAppender(appender, Level.ALL, null);
        for (Map.Entry<String, Level> lowered : LOWERED.entrySet()) {
            LoggerConfig logger = config.getLoggerConfig(lowered.getKey());
            if (logger.getName().equals(lowered.getKey())) {
                savedLevels.put(lowered.getKey(), logger.getLevel());
                logger.setLevel(lowered.getValue());
            }
        }
        context.updateLoggers();

        Logger.getLogger("").addHandler(julHandler);
        System.setOut(new PrintStream(new Tee(savedOut, consoleBytes), true));
        System.setErr(new PrintStream(new Tee(savedErr, consoleBytes), true));
    }

    /** Everything captured so far. */
    public String text() {
        synchronized (consoleBytes) {
            return text + "\n" + consoleBytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        Logger.getLogger("").removeHandler(julHandler);

        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        for (Appender console : rootAppenders.values()) {
            root.removeAppender(console.getName());
            root.addAppender(console, null, null);
        }
        for (Map.Entry<String, Level> saved : savedLevels.entrySet()) {
            (saved.getKey().isEmpty() ? root : config.getLoggerConfig(saved.getKey()))
                    .setLevel(saved.getValue());
        }
        config.getAppenders().remove(appender.getName());
        appender.stop();
        context.updateLoggers();
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private final class CapturingAppender extends AbstractAppender {
        CapturingAppender() {
            super("log-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder line =
                    new StringBuilder()
                            .append(event.getLevel())
                            .append(' ')
                            .append(event.getLoggerName())
                            .append(" - ")
                            .append(event.getMessage().getFormattedMessage())
                            .append('\n');
            if (event.getThrown() != null) {
                line.append(stackTrace(event.getThrown()));
            }
            text.append(line);
        }
    }

    private final class JulHandler extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            text.append(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** Writes to the real stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream real;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream real, ByteArrayOutputStream copy) {
            this.real = real;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                real.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            try {
                real.write(bytes, offset, length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void flush() {
            try {
                real.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
