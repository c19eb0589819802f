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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone Flink session as a user runs one: a JobManager and a TaskManager, each a JVM of its
 * own, started from a lib/ directory of Flink's jars with the same JVM memory arguments and Java
 * options as Flink's scripts give them. Jobs reach it only through its REST API, so every job loads
 * its jars in user-code class loaders of its own. {@link #close()} kills both.
 */
final class FlinkSessionCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /**
     * Flink's default Java options for JDK 17 ({@code env.java.default-opts.all} in its
     * config.yaml).
     */
    private static final List<String> JAVA_17_OPTIONS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * Soft references are cleared at every GC instead of after minutes without use: caches that
     * hold a finished job's classes softly (Flink's cache of generated code, for one) would
     * otherwise keep its class loader for minutes. Memory pressure clears them anyway, so they leak
     * nothing, but a test cannot wait for that.
     */
    private static final List<String> TEST_JVM_OPTIONS = List.of("-XX:SoftRefLRUPolicyMSPerMB=0");

    private final Path home;
    private final int restPort;
    private final FlinkRest rest;
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killAll, "flink-session-shutdown");
    private JvmProbe jobManager;
    private JvmProbe taskManager;

    private FlinkSessionCluster(Path home, int restPort) {
        this.home = home;
        this.restPort = restPort;
        this.rest = new FlinkRest(URI.create("http://127.0.0.1:" + restPort));
    }

    /**
     * Starts a session in {@code home}: {@code home/lib} gets Flink's jars and {@code extraLib}
     * (e.g. a connector jar that all jobs share), {@code home/conf} the configuration, {@code
     * home/log} the logs.
     */
    static FlinkSessionCluster start(
            Path home, Path flinkLib, List<Path> extraLib, Map<String, String> config)
            throws IOException, InterruptedException {
        Path lib = home.resolve("lib");
        Path conf = home.resolve("conf");
        Files.createDirectories(lib);
        Files.createDirectories(conf);
        Files.createDirectories(home.resolve("log"));
        try (Stream<Path> jars = Files.list(flinkLib)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        for (Path jar : extraLib) {
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }

        int restPort = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jobmanager.rpc.address", "localhost");
        settings.put("jobmanager.rpc.port", String.valueOf(freePort()));
        settings.put("jobmanager.bind-host", "localhost");
        settings.put("taskmanager.bind-host", "localhost");
        settings.put("taskmanager.host", "localhost");
        settings.put("rest.address", "127.0.0.1");
        settings.put("rest.bind-address", "127.0.0.1");
        settings.put("rest.port", String.valueOf(restPort));
        settings.put("blob.server.port", String.valueOf(freePort()));
        // The distribution's defaults.
        settings.put("jobmanager.memory.process.size", "1600m");
        settings.put("taskmanager.memory.process.size", "1728m");
        settings.put("taskmanager.numberOfTaskSlots", "4");
        settings.put("parallelism.default", "1");
        settings.putAll(config);
        Files.writeString(
                conf.resolve("config.yaml"),
                settings.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "logger.pravega.name = io.pravega",
                        "logger.pravega.level = WARN",
                        "logger.connector.name = io.pravega.connectors.flink",
                        "logger.connector.level = INFO",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %t %c - %m%n",
                        ""));

        FlinkSessionCluster cluster = new FlinkSessionCluster(home, restPort);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.jobManager =
                    cluster.launch(
                            "jobmanager",
                            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                            "GET_JM_RESOURCE_PARAMS");
            cluster.taskManager =
                    cluster.launch(
                            "taskmanager",
                            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                            "GET_TM_RESOURCE_PARAMS");
            cluster.awaitReady(Integer.parseInt(settings.get("taskmanager.numberOfTaskSlots")));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    FlinkRest rest() {
        return rest;
    }

    int restPort() {
        return restPort;
    }

    JvmProbe jobManager() {
        return jobManager;
    }

    JvmProbe taskManager() {
        return taskManager;
    }

    /** Starts one Flink process as Flink's scripts do: memory arguments from BashJavaUtils. */
    private JvmProbe launch(String name, String mainClass, String resourceCommand)
            throws IOException, InterruptedException {
        List<String> resources = bashJavaUtils(resourceCommand);
        int jmxPort = freePort();
        Path log = home.resolve("log").resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(Arrays.asList(resources.get(0).trim().split("\\s+")));
        command.addAll(JAVA_17_OPTIONS);
        command.addAll(TEST_JVM_OPTIONS);
        command.addAll(
                List.of(
                        "-XX:+HeapDumpOnOutOfMemoryError",
                        "-Dlog.file=" + log,
                        "-Dlog4j.configurationFile=file:" + home.resolve("conf/log4j.properties"),
                        "-Dlog4j2.configurationFile=file:" + home.resolve("conf/log4j.properties"),
                        "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                        "-Djava.rmi.server.hostname=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.authenticate=false",
                        "-Dcom.sun.management.jmxremote.ssl=false",
                        "-cp",
                        home.resolve("lib") + "/*",
                        mainClass,
                        "--configDir",
                        home.resolve("conf").toString()));
        if (resources.size() > 1) {
            command.addAll(Arrays.asList(resources.get(1).trim().split("\\s+")));
        }
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("log").resolve(name + ".out").toFile())
                        .start();
        processes.add(process);
        return new JvmProbe(name, jmxPort, log, process);
    }

    /**
     * What Flink's scripts compute with BashJavaUtils: a line of JVM arguments, then dynamic
     * properties.
     */
    private List<String> bashJavaUtils(String command) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(
                                javaBinary(),
                                "-cp",
                                home.resolve("lib") + "/*",
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                home.resolve("conf").toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + output);
        }
        List<String> results =
                output.lines()
                        .filter(line -> line.startsWith(RESULT_PREFIX))
                        .map(line -> line.substring(RESULT_PREFIX.length()))
                        .collect(Collectors.toList());
        if (results.isEmpty()) {
            throw new IllegalStateException(
                    "BashJavaUtils " + command + " printed no result:\n" + output);
        }
        return results;
    }

    private void awaitReady(int slots) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (JvmProbe process : List.of(jobManager, taskManager)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "The Flink "
                                    + process.name()
                                    + " exited at start; see "
                                    + process.logFile()
                                    + " and its .out file:\n"
                                    + process.logTail(40));
                }
            }
            try {
                last = rest.get("/overview");
                if (last.contains("\"slots-total\":" + slots)
                        && last.contains("\"taskmanagers\":1")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "The Flink session did not get ready within "
                        + START_TIMEOUT.toSeconds()
                        + " s (last answer: "
                        + last
                        + "). JobManager log tail:\n"
                        + jobManager.logTail(40)
                        + "\nTaskManager log tail:\n"
                        + taskManager.logTail(40));
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway.
        }
        for (JvmProbe probe : new JvmProbe[] {jobManager, taskManager}) {
            if (probe != null) {
                probe.close();
            }
        }
    }

    private void killAll() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
