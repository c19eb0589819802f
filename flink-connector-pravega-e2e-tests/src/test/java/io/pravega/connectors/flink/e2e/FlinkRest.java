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

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The parts of Flink's REST API that {@code flink run}, {@code flink cancel} and the web UI use.
 */
final class FlinkRest {

    static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(URI base) {
        this.base = base;
    }

    String get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** Uploads a job jar, as the web UI does; returns its id for {@link #runJar}. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----e2e" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; "
                                + "filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String answer =
                send(
                        HttpRequest.newBuilder(base.resolve("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = JSON.readTree(answer).path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /** Runs an uploaded jar's main class (the JobManager builds the job); returns the job id. */
    String runJar(
            String jarId,
            String entryClass,
            List<String> args,
            Map<String, String> flinkConfiguration)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.putArray("programArgsList")
                .addAll(
                        args.stream()
                                .map(JSON.getNodeFactory()::textNode)
                                .collect(java.util.stream.Collectors.toList()));
        ObjectNode config = request.putObject("flinkConfiguration");
        flinkConfiguration.forEach(config::put);
        String answer =
                send(
                        HttpRequest.newBuilder(base.resolve("/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(request))));
        return JSON.readTree(answer).path("jobid").asText();
    }

    String state(String jobId) throws IOException, InterruptedException {
        return JSON.readTree(get("/jobs/" + jobId)).path("state").asText();
    }

    void cancel(String jobId) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /** The stack traces of the job's failures, latest first, or "" if it has none. */
    String rootException(String jobId) throws IOException, InterruptedException {
        JsonNode entries =
                JSON.readTree(get("/jobs/" + jobId + "/exceptions"))
                        .path("exceptionHistory")
                        .path("entries");
        StringBuilder traces = new StringBuilder();
        for (JsonNode entry : entries) {
            traces.append(entry.path("stacktrace").asText("")).append('\n');
            for (JsonNode concurrent : entry.path("concurrentExceptions")) {
                traces.append(concurrent.path("stacktrace").asText("")).append('\n');
            }
        }
        return traces.toString().trim();
    }

    /**
     * Waits for one of {@code states}; fails at once, with the job's exception, on another terminal
     * state.
     */
    void awaitState(String jobId, Duration timeout, String... states)
            throws IOException, InterruptedException {
        Set<String> wanted = Set.of(states);
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = state(jobId);
            if (wanted.contains(state)) {
                return;
            }
            if (TERMINAL.contains(state)) {
                throw new AssertionError(
                        "Job "
                                + jobId
                                + " ended "
                                + state
                                + ", expected "
                                + wanted
                                + ":\n"
                                + rootException(jobId));
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "Job "
                        + jobId
                        + " is "
                        + state
                        + " after "
                        + timeout.toSeconds()
                        + " s, expected "
                        + wanted
                        + "; its exception, if any:\n"
                        + rootException(jobId));
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        request.timeout(REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    response.request().method()
                            + " "
                            + response.uri()
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        return response.body();
    }
}
