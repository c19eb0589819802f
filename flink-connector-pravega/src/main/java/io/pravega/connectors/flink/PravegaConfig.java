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

import io.pravega.client.ClientConfig;
import io.pravega.client.stream.Stream;
import io.pravega.connectors.flink.util.BuilderChecks;
import io.pravega.connectors.flink.util.Redaction;
import io.pravega.shared.NameUtils;
import io.pravega.shared.security.auth.Credentials;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where and how to connect to Pravega: the controller URI, the default scope, credentials and TLS.
 *
 * <p>Settings come from, highest priority first: program arguments ({@link #fromParams}), system
 * properties, environment variables, then the built-in default. {@link #withScope} overrides all of
 * them; {@link #withDefaultScope} applies only when nothing else set a scope.
 *
 * <table>
 *   <tr><th>Setting</th><th>Argument</th><th>System property</th><th>Environment</th><th>Default</th></tr>
 *   <tr><td>Controller URI</td><td>--controller</td><td>pravega.controller.uri</td>
 *       <td>PRAVEGA_CONTROLLER_URI</td><td>tcp://localhost:9090</td></tr>
 *   <tr><td>Default scope</td><td>--scope</td><td>pravega.scope</td><td>PRAVEGA_SCOPE</td><td>none</td></tr>
 * </table>
 */
@PublicEvolving
public final class PravegaConfig extends ProgramArguments implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final URI DEFAULT_CONTROLLER_URI = URI.create("tcp://localhost:9090");

    /**
     * How long a job waits for the controller at start. The Pravega client alone retries an
     * unreachable controller for about 90 s before it gives up.
     */
    public static final Duration DEFAULT_CONTROLLER_TIMEOUT = Duration.ofSeconds(60);

    public static final String CONTROLLER_PARAM = "controller";
    public static final String CONTROLLER_PROPERTY = "pravega.controller.uri";
    public static final String CONTROLLER_ENV = "PRAVEGA_CONTROLLER_URI";
    public static final String SCOPE_PARAM = "scope";
    public static final String SCOPE_PROPERTY = "pravega.scope";
    public static final String SCOPE_ENV = "PRAVEGA_SCOPE";

    private static final String NO_VALUE = "__NO_VALUE_KEY";

    /** Schemes the Pravega client understands; the TLS ones switch TLS on. */
    private static final Set<String> SCHEMES = Set.of("tcp", "tls", "ssl", "pravega", "pravegas");

    private URI controllerUri;

    /** Scope from arguments, properties, environment or {@link #withScope}. */
    @Nullable private String scope;

    /** Scope from {@link #withDefaultScope}: used only if {@link #scope} is unset. */
    @Nullable private String fallbackScope;

    @Nullable private Credentials credentials;
    @Nullable private String trustStore;
    private boolean validateHostname = true;
    private Duration controllerTimeout = DEFAULT_CONTROLLER_TIMEOUT;

    private PravegaConfig(URI controllerUri, @Nullable String scope) {
        this.controllerUri = controllerUri;
        this.scope = scope;
    }

    /** A config from system properties and environment variables, or the defaults. */
    public static PravegaConfig fromDefaults() {
        return from(null, System::getProperty, System::getenv);
    }

    /**
     * A config with this controller URI and nothing from program arguments, system properties or
     * environment variables: for settings that must come from one place only, as a SQL table's come
     * from its options.
     */
    public static PravegaConfig forController(String controllerUri) {
        return new PravegaConfig(DEFAULT_CONTROLLER_URI, null).withControllerURI(controllerUri);
    }

    /**
     * A config from program arguments (as {@code ParameterTool.toMap()} gives them), then system
     * properties, then environment variables. The same code compiles on every Flink line, whose
     * {@code ParameterTool} classes differ; {@code fromParams(ParameterTool)} takes the one of the
     * line the connector was built for.
     *
     * @param arguments option names without their leading {@code --}, e.g. {@code controller}
     */
    public static PravegaConfig fromArguments(Map<String, String> arguments) {
        if (arguments == null) {
            throw new IllegalArgumentException(
                    "The program arguments must not be null; use fromDefaults() instead.");
        }
        return from(arguments, System::getProperty, System::getenv);
    }

    /** Visible for tests, so that properties and environment can be replaced. */
    static PravegaConfig from(
            @Nullable Map<String, String> params,
            UnaryOperator<String> properties,
            UnaryOperator<String> environment) {
        Setting controller =
                lookup(
                        params,
                        CONTROLLER_PARAM,
                        CONTROLLER_PROPERTY,
                        CONTROLLER_ENV,
                        properties,
                        environment);
        Setting scope =
                lookup(params, SCOPE_PARAM, SCOPE_PROPERTY, SCOPE_ENV, properties, environment);

        URI uri =
                controller == null
                        ? DEFAULT_CONTROLLER_URI
                        : parseControllerUri(controller.value, controller.source);
        String scopeName = scope == null ? null : checkScopeName(scope.value, scope.source);
        return new PravegaConfig(uri, scopeName);
    }

    // ------------------------------------------------------------------------------------------

    /** Sets the controller URI, e.g. {@code tcp://localhost:9090} or {@code tls://host:9090}. */
    public PravegaConfig withControllerURI(URI controllerUri) {
        if (controllerUri == null) {
            throw new IllegalArgumentException(
                    "Pravega controller URI must not be null. Use e.g. tcp://localhost:9090.");
        }
        this.controllerUri = checkControllerUri(controllerUri, "withControllerURI");
        return this;
    }

    /** Sets the controller URI from text; see {@link #withControllerURI(URI)}. */
    public PravegaConfig withControllerURI(String controllerUri) {
        this.controllerUri = parseControllerUri(controllerUri, "withControllerURI");
        return this;
    }

    /** Sets the scope used when nothing else (arguments, properties, environment) set one. */
    public PravegaConfig withDefaultScope(String scope) {
        this.fallbackScope = checkScopeName(scope, "withDefaultScope");
        return this;
    }

    /** Sets the scope, overriding arguments, properties and environment. */
    public PravegaConfig withScope(String scope) {
        this.scope = checkScopeName(scope, "withScope");
        return this;
    }

    /** Sets the credentials presented to Pravega; {@code null} clears them. */
    public PravegaConfig withCredentials(@Nullable Credentials credentials) {
        this.credentials = credentials;
        return this;
    }

    /** Sets the path of the trust store (a PEM certificate or a JKS file) used for TLS. */
    public PravegaConfig withTrustStore(String trustStorePath) {
        if (trustStorePath == null || trustStorePath.isBlank()) {
            throw new IllegalArgumentException(
                    "Trust store path must not be empty: pass the path of the CA certificate (PEM) "
                            + "or trust store file that signs the Pravega server certificates.");
        }
        this.trustStore = trustStorePath;
        return this;
    }

    /**
     * Whether TLS checks that the segment stores' certificates name the hosts the controller hands
     * out (default true). Turn it off only where those names cannot match, e.g. in tests. The
     * Pravega client (0.13) always checks the controller's certificate against the host in the
     * controller URI, whatever this setting.
     */
    public PravegaConfig withHostnameValidation(boolean validateHostname) {
        this.validateHostname = validateHostname;
        return this;
    }

    /**
     * How long a job waits, when it starts, for the controller to answer whether its streams exist
     * (default 60 s). An unreachable controller fails the job after this time.
     */
    public PravegaConfig withControllerTimeout(Duration timeout) {
        BuilderChecks.requirePositive(timeout, "withControllerTimeout");
        this.controllerTimeout = timeout;
        return this;
    }

    // ------------------------------------------------------------------------------------------

    /** The controller's URI, e.g. {@code tcp://localhost:9090} or {@code tls://host:9090}. */
    public URI getControllerURI() {
        return controllerUri;
    }

    /** The scope in effect, or {@code null} if none was set anywhere. */
    @Nullable
    public String getDefaultScope() {
        return scope != null ? scope : fallbackScope;
    }

    /** The credentials sent to Pravega, or {@code null} for none. */
    @Nullable
    public Credentials getCredentials() {
        return credentials;
    }

    /** The path of the trust store for TLS, or {@code null} for the JVM's default. */
    @Nullable
    public String getTrustStore() {
        return trustStore;
    }

    /**
     * Whether TLS checks segment stores' host names; see {@link #withHostnameValidation(boolean)}.
     */
    public boolean isValidateHostname() {
        return validateHostname;
    }

    /** How long a call to the controller may take before it fails. */
    public Duration getControllerTimeout() {
        return controllerTimeout;
    }

    /** The Pravega client configuration for these settings. */
    public ClientConfig getClientConfig() {
        ClientConfig.ClientConfigBuilder builder =
                ClientConfig.builder()
                        .controllerURI(controllerUri)
                        .validateHostName(validateHostname);
        if (credentials != null) {
            builder.credentials(credentials);
        }
        if (trustStore != null) {
            builder.trustStore(trustStore);
        }
        return builder.build();
    }

    /**
     * Resolves {@code "stream"} or {@code "scope/stream"} to a {@link Stream}; an unqualified name
     * takes the scope in effect.
     */
    public Stream resolve(String streamSpec) {
        if (streamSpec == null || streamSpec.isBlank()) {
            throw new IllegalArgumentException(
                    "Stream name must not be empty. Use 'scope/stream', or 'stream' with a default scope.");
        }
        String[] parts = streamSpec.split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException(
                    "Stream name '"
                            + streamSpec
                            + "' has more than one '/'. Use 'scope/stream' or 'stream'.");
        }
        String scopeName;
        String streamName;
        if (parts.length == 2) {
            scopeName = checkScopeName(parts[0], "stream '" + streamSpec + "'");
            streamName = parts[1];
        } else {
            scopeName = getDefaultScope();
            streamName = parts[0];
            if (scopeName == null) {
                throw new IllegalArgumentException(
                        "Stream '"
                                + streamSpec
                                + "' has no scope, and no default scope is set. Qualify it as "
                                + "'scope/"
                                + streamSpec
                                + "', or set a scope with "
                                + "PravegaConfig.withDefaultScope(...), "
                                + "--"
                                + SCOPE_PARAM
                                + ", -D"
                                + SCOPE_PROPERTY
                                + " or "
                                + SCOPE_ENV
                                + ".");
            }
        }
        return Stream.of(scopeName, checkStreamName(streamName, streamSpec));
    }

    /** Never prints the credentials' token or any user info in the URI. */
    @Override
    public String toString() {
        return "PravegaConfig{controllerURI="
                + Redaction.uri(controllerUri)
                + ", scope="
                + getDefaultScope()
                + ", credentials="
                + (credentials == null
                        ? "none"
                        : "<" + credentials.getAuthenticationType() + ", hidden>")
                + ", trustStore="
                + trustStore
                + ", validateHostname="
                + validateHostname
                + ", controllerTimeout="
                + controllerTimeout
                + '}';
    }

    // ------------------------------------------------------------------------------------------

    /** Parses and checks a controller URI, naming where the value came from in any error. */
    static URI parseControllerUri(String value, String source) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "Pravega controller URI from " + source + " is empty. " + CONTROLLER_HINT);
        }
        try {
            return checkControllerUri(new URI(value.trim()), source);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Pravega controller URI '"
                            + value
                            + "' from "
                            + source
                            + " is not a valid URI ("
                            + e.getReason()
                            + "). "
                            + CONTROLLER_HINT,
                    e);
        }
    }

    private static final String CONTROLLER_HINT =
            "Expected tcp://host:port (or tls://host:port for TLS), e.g. tcp://localhost:9090; set it with --"
                    + CONTROLLER_PARAM
                    + ", -D"
                    + CONTROLLER_PROPERTY
                    + ", "
                    + CONTROLLER_ENV
                    + " or PravegaConfig.withControllerURI(...).";

    private static URI checkControllerUri(URI uri, String source) {
        String shown = Redaction.uri(uri);
        String scheme = uri.getScheme();
        // "localhost:9090" parses as scheme "localhost": it is a host and port without a scheme.
        boolean hostAndPortOnly =
                scheme != null && uri.isOpaque() && uri.getRawSchemeSpecificPart().matches("\\d+");
        if (scheme == null
                || hostAndPortOnly
                || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "Pravega controller URI '"
                            + shown
                            + "' from "
                            + source
                            + " has "
                            + (scheme == null || hostAndPortOnly
                                    ? "no scheme"
                                    : "the unsupported scheme '" + scheme + "'")
                            + ". "
                            + CONTROLLER_HINT);
        }
        // The authority may list several controllers: tcp://host1:9090,host2:9090.
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isBlank()) {
            throw new IllegalArgumentException(
                    "Pravega controller URI '"
                            + shown
                            + "' from "
                            + source
                            + " has no host. "
                            + CONTROLLER_HINT);
        }
        for (String endpoint : authority.substring(authority.indexOf('@') + 1).split(",")) {
            checkEndpoint(endpoint, shown, source);
        }
        return uri;
    }

    private static void checkEndpoint(String endpoint, String shown, String source) {
        int colon = endpoint.lastIndexOf(':');
        // A bracketed IPv6 literal without a port ends with ']'.
        boolean hasPort = colon >= 0 && !endpoint.endsWith("]");
        String host = hasPort ? endpoint.substring(0, colon) : endpoint;
        if (host.isBlank()) {
            throw new IllegalArgumentException(
                    "Pravega controller URI '"
                            + shown
                            + "' from "
                            + source
                            + " has an empty host. "
                            + CONTROLLER_HINT);
        }
        if (hasPort) {
            String port = endpoint.substring(colon + 1);
            if (!isValidPort(port)) {
                throw new IllegalArgumentException(
                        "Pravega controller URI '"
                                + shown
                                + "' from "
                                + source
                                + " has the invalid port '"
                                + port
                                + "'; a port is a number from 1 to 65535. "
                                + CONTROLLER_HINT);
            }
        }
    }

    private static boolean isValidPort(String port) {
        try {
            int number = Integer.parseInt(port);
            return number >= 1 && number <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String checkScopeName(String scope, String source) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException(
                    "Pravega scope from "
                            + source
                            + " is empty. Set a scope name such as 'examples' with --"
                            + SCOPE_PARAM
                            + ", -D"
                            + SCOPE_PROPERTY
                            + ", "
                            + SCOPE_ENV
                            + " or PravegaConfig.withScope(...).");
        }
        try {
            return NameUtils.validateUserScopeName(scope);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Pravega scope '"
                            + scope
                            + "' from "
                            + source
                            + " is not a valid scope name: "
                            + e.getMessage()
                            + " Scope names use letters, digits, '.' and '-'.",
                    e);
        }
    }

    private static String checkStreamName(String stream, String spec) {
        if (stream.isBlank()) {
            throw new IllegalArgumentException(
                    "Stream name in '" + spec + "' is empty. Use 'scope/stream' or 'stream'.");
        }
        try {
            return NameUtils.validateUserStreamName(stream);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Pravega stream '"
                            + stream
                            + "' in '"
                            + spec
                            + "' is not a valid stream name: "
                            + e.getMessage()
                            + " Stream names use letters, digits, '.' and '-'.",
                    e);
        }
    }

    @Nullable
    private static Setting lookup(
            @Nullable Map<String, String> params,
            String param,
            String property,
            String env,
            UnaryOperator<String> properties,
            UnaryOperator<String> environment) {
        if (params != null && params.containsKey(param)) {
            String value = params.get(param);
            // ParameterTool's marker for a flag given without a value.
            return new Setting(NO_VALUE.equals(value) ? "" : value, "program argument --" + param);
        }
        String value = properties.apply(property);
        if (value != null) {
            return new Setting(value, "system property " + property);
        }
        value = environment.apply(env);
        return value == null ? null : new Setting(value, "environment variable " + env);
    }

    /** A raw setting and a description of where it came from, for error messages. */
    private static final class Setting {
        final String value;
        final String source;

        Setting(String value, String source) {
            this.value = value;
            this.source = source;
        }
    }
}
