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
package io.pravega.connectors.flink.e2e;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Looks into one Flink process over JMX: live objects after a full GC, memory, threads, its log.
 */
final class JvmProbe implements AutoCloseable {

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private final String name;
    private final int jmxPort;
    private final Path logFile;
    private final Process process;
    private JMXConnector connector;

    JvmProbe(String name, int jmxPort, Path logFile, Process process) {
        this.name = name;
        this.jmxPort = jmxPort;
        this.logFile = logFile;
        this.process = process;
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Full collections around a finalization pass, so that what is left is reachable: some objects
     * (Netty's pool arenas, for one) are freed only after their finalizer ran.
     */
    void gc() throws IOException {
        MemoryMXBean memory =
                ManagementFactory.newPlatformMXBeanProxy(
                        connection(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        memory.gc();
        diagnosticCommand("gcRunFinalization");
        memory.gc();
    }

    /**
     * Live instances of a class, counted by {@code GC.class_histogram} (which collects first): what
     * weak references would still see after a GC.
     */
    long liveInstances(String className) throws IOException {
        String histogram = diagnosticCommand("gcClassHistogram");
        long count = 0;
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            // "  12:   3   480  org.apache.flink.util.ChildFirstClassLoader (module)"
            if (columns.length >= 4 && columns[0].endsWith(":") && columns[3].equals(className)) {
                count += Long.parseLong(columns[1]);
            }
        }
        return count;
    }

    /** The class loaders and what they loaded ({@code VM.classloaders}), for failure messages. */
    String classLoaders() throws IOException {
        return diagnosticCommand("vmClassloaders");
    }

    long directMemoryUsed() throws IOException {
        return ManagementFactory.getPlatformMXBeans(connection(), BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }

    long metaspaceUsed() throws IOException {
        return ManagementFactory.getPlatformMXBeans(connection(), MemoryPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("Metaspace"))
                .mapToLong(pool -> pool.getUsage().getUsed())
                .sum();
    }

    List<String> threadNames() throws IOException {
        ThreadMXBean threads =
                ManagementFactory.newPlatformMXBeanProxy(
                        connection(), ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(Objects::nonNull)
                .map(ThreadInfo::getThreadName)
                .sorted()
                .collect(Collectors.toList());
    }

    /** Writes a heap dump of live objects, for finding what keeps a class loader alive. */
    void dumpHeap(Path file) throws IOException {
        try {
            connection()
                    .invoke(
                            new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                            "dumpHeap",
                            new Object[] {file.toString(), true},
                            new String[] {String.class.getName(), "boolean"});
        } catch (JMException e) {
            throw new IOException("JMX dumpHeap on the " + name + " failed", e);
        }
    }

    String threadDump() throws IOException {
        return diagnosticCommand("threadPrint");
    }

    /**
     * Lines of the log file, and of stdout and stderr (where the JVM prints uncaught exceptions),
     * that match.
     */
    List<String> logLines(Predicate<String> filter) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (Path file : List.of(logFile, stdoutFile())) {
            if (Files.exists(file)) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(filter)
                        .map(line -> file.getFileName() + ": " + line)
                        .forEach(lines::add);
            }
        }
        return lines;
    }

    private Path stdoutFile() {
        return logFile.resolveSibling(logFile.getFileName().toString().replace(".log", ".out"));
    }

    String logTail(int lines) {
        try {
            List<String> all =
                    Files.exists(logFile)
                            ? Files.readAllLines(logFile, StandardCharsets.UTF_8)
                            : List.of();
            Path out = stdoutFile();
            List<String> stdout =
                    Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()))
                    + "\n--- stdout:\n"
                    + String.join(
                            "\n",
                            stdout.subList(Math.max(0, stdout.size() - lines), stdout.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private String diagnosticCommand(String operation) throws IOException {
        try {
            return (String)
                    connection()
                            .invoke(
                                    new ObjectName(DIAGNOSTIC_COMMAND),
                                    operation,
                                    new Object[] {new String[0]},
                                    new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IOException("JMX " + operation + " on the " + name + " failed", e);
        }
    }

    private synchronized MBeanServerConnection connection() throws IOException {
        if (connector == null) {
            connector =
                    JMXConnectorFactory.connect(
                            new JMXServiceURL(
                                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                                            + jmxPort
                                            + "/jmxrmi"));
        }
        return connector.getMBeanServerConnection();
    }

    @Override
    public synchronized void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException e) {
                // The process is gone already.
            }
            connector = null;
        }
    }
}
