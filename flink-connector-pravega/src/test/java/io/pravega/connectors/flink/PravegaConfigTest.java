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
import io.pravega.shared.security.auth.DefaultCredentials;

import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaConfigTest {

    private static final UnaryOperator<String> NONE = key -> null;

    private static UnaryOperator<String> map(String... keyValues) {
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return values::get;
    }

    @Test
    void defaultsWhenNothingIsSet() {
        PravegaConfig config = PravegaConfig.from(null, NONE, NONE);
        assertThat(config.getControllerURI()).isEqualTo(URI.create("tcp://localhost:9090"));
        assertThat(config.getDefaultScope()).isNull();
        assertThat(config.getCredentials()).isNull();
        assertThat(config.getTrustStore()).isNull();
        assertThat(config.isValidateHostname()).isTrue();
    }

    @Test
    void forControllerReadsNothingFromTheProcess() {
        String scope = System.getProperty(PravegaConfig.SCOPE_PROPERTY);
        String controller = System.getProperty(PravegaConfig.CONTROLLER_PROPERTY);
        System.setProperty(PravegaConfig.SCOPE_PROPERTY, "from-the-process");
        System.setProperty(PravegaConfig.CONTROLLER_PROPERTY, "not a uri");
        try {
            PravegaConfig config = PravegaConfig.forController("tcp://pravega:9090");
            assertThat(config.getControllerURI()).isEqualTo(URI.create("tcp://pravega:9090"));
            assertThat(config.getDefaultScope()).isNull();
            assertThatThrownBy(PravegaConfig::fromDefaults).hasMessageContaining("not a uri");
        } finally {
            restore(PravegaConfig.SCOPE_PROPERTY, scope);
            restore(PravegaConfig.CONTROLLER_PROPERTY, controller);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    @Test
    void environmentThenPropertiesThenArguments() {
        UnaryOperator<String> env =
                map(
                        PravegaConfig.CONTROLLER_ENV,
                        "tcp://env:1",
                        PravegaConfig.SCOPE_ENV,
                        "env-scope");
        UnaryOperator<String> props = map(PravegaConfig.CONTROLLER_PROPERTY, "tcp://prop:2");
        Map<String, String> args = TestArguments.of("--scope", "arg-scope").toMap();

        PravegaConfig fromEnv = PravegaConfig.from(null, NONE, env);
        assertThat(fromEnv.getControllerURI()).isEqualTo(URI.create("tcp://env:1"));
        assertThat(fromEnv.getDefaultScope()).isEqualTo("env-scope");

        PravegaConfig fromProps = PravegaConfig.from(null, props, env);
        assertThat(fromProps.getControllerURI()).isEqualTo(URI.create("tcp://prop:2"));
        assertThat(fromProps.getDefaultScope()).isEqualTo("env-scope");

        PravegaConfig fromArgs = PravegaConfig.from(args, props, env);
        assertThat(fromArgs.getControllerURI()).isEqualTo(URI.create("tcp://prop:2"));
        assertThat(fromArgs.getDefaultScope()).isEqualTo("arg-scope");

        PravegaConfig controllerArg =
                PravegaConfig.from(
                        TestArguments.of("--controller", "tls://arg:3").toMap(), props, env);
        assertThat(controllerArg.getControllerURI()).isEqualTo(URI.create("tls://arg:3"));
    }

    @Test
    void fromArgumentsReadsAMapOfProgramArgumentsOnEveryFlinkLine() {
        PravegaConfig config =
                PravegaConfig.fromArguments(
                        Map.of("controller", "tcp://pravega:9090", "scope", "mine"));

        assertThat(config.getControllerURI()).hasToString("tcp://pravega:9090");
        assertThat(config.getDefaultScope()).isEqualTo("mine");
        assertThatThrownBy(() -> PravegaConfig.fromArguments(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fromDefaults()");
    }

    @Test
    void fromParamsReadsProgramArguments() {
        PravegaConfig config =
                PravegaConfig.fromParams(
                        TestArguments.of("--controller", "tcp://host:9091", "--scope", "s"));
        assertThat(config.getControllerURI()).isEqualTo(URI.create("tcp://host:9091"));
        assertThat(config.getDefaultScope()).isEqualTo("s");
    }

    @Test
    void defaultScopeHasLowestPriorityAndWithScopeOverrides() {
        assertThat(
                        PravegaConfig.from(null, NONE, NONE)
                                .withDefaultScope("fallback")
                                .getDefaultScope())
                .isEqualTo("fallback");
        PravegaConfig fromEnv =
                PravegaConfig.from(null, NONE, map(PravegaConfig.SCOPE_ENV, "env-scope"));
        assertThat(fromEnv.withDefaultScope("fallback").getDefaultScope()).isEqualTo("env-scope");
        assertThat(fromEnv.withScope("explicit").getDefaultScope()).isEqualTo("explicit");
        // A later default does not undo an explicit scope.
        assertThat(fromEnv.withDefaultScope("other").getDefaultScope()).isEqualTo("explicit");
    }

    @Test
    void clientConfigCarriesEverySetting() {
        DefaultCredentials credentials = new DefaultCredentials("pw", "user");
        ClientConfig clientConfig =
                PravegaConfig.from(null, NONE, NONE)
                        .withControllerURI(URI.create("tls://pravega:9090"))
                        .withCredentials(credentials)
                        .withTrustStore("/etc/pravega/ca.pem")
                        .withHostnameValidation(false)
                        .getClientConfig();
        assertThat(clientConfig.getControllerURI()).isEqualTo(URI.create("tls://pravega:9090"));
        assertThat(clientConfig.getCredentials()).isEqualTo(credentials);
        assertThat(clientConfig.getTrustStore()).isEqualTo("/etc/pravega/ca.pem");
        assertThat(clientConfig.isValidateHostName()).isFalse();
        assertThat(clientConfig.isEnableTlsToController()).isTrue();
    }

    @Test
    void resolvesQualifiedAndUnqualifiedStreams() {
        PravegaConfig config = PravegaConfig.from(null, NONE, NONE).withDefaultScope("home");
        assertThat(config.resolve("events")).isEqualTo(Stream.of("home", "events"));
        assertThat(config.resolve("other/events")).isEqualTo(Stream.of("other", "events"));
    }

    @Test
    void unqualifiedStreamWithoutScopeIsAClearError() {
        PravegaConfig config = PravegaConfig.from(null, NONE, NONE);
        assertThatThrownBy(() -> config.resolve("events"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Stream 'events' has no scope")
                .hasMessageContaining("'scope/events'")
                .hasMessageContaining("withDefaultScope")
                .hasMessageContaining("PRAVEGA_SCOPE");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "/",
                "scope/",
                "/stream",
                "a/b/c",
                "scope/bad name",
                "sc ope/stream"
            })
    void badStreamNamesAreClearErrors(String spec) {
        PravegaConfig config = PravegaConfig.from(null, NONE, NONE).withDefaultScope("home");
        assertThatThrownBy(() -> config.resolve(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(
                        "(?s).*(empty|more than one '/'|not a valid (stream|scope) name).*");
    }

    @Test
    void malformedControllerUriNamesTheSourceAndTheFix() {
        assertThatThrownBy(
                        () ->
                                PravegaConfig.from(
                                        null,
                                        NONE,
                                        map(PravegaConfig.CONTROLLER_ENV, "tcp://bad host:90")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tcp://bad host:90'")
                .hasMessageContaining("environment variable PRAVEGA_CONTROLLER_URI")
                .hasMessageContaining("is not a valid URI")
                .hasMessageContaining("tcp://localhost:9090");
    }

    @Test
    void unsupportedSchemeIsAClearError() {
        assertThatThrownBy(
                        () ->
                                PravegaConfig.fromDefaults()
                                        .withControllerURI(URI.create("http://localhost:9090")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported scheme 'http'")
                .hasMessageContaining("withControllerURI")
                .hasMessageContaining("tls://host:port");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost:9090",
                "tcp://",
                "tcp://:9090",
                "tcp://host:0",
                "tcp://host:99999",
                "tcp://host:abc"
            })
    void controllerUriWithoutHostOrWithBadPortIsAClearError(String uri) {
        assertThatThrownBy(
                        () ->
                                PravegaConfig.from(
                                        TestArguments.of("--controller", uri).toMap(), NONE, NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("program argument --controller")
                .hasMessageMatching(
                        "(?s).*(no scheme|unsupported scheme|no host|empty host|invalid port|not a valid URI).*");
    }

    @Test
    void hostAndPortWithoutSchemeSaysTheSchemeIsMissing() {
        assertThatThrownBy(() -> PravegaConfig.fromDefaults().withControllerURI("localhost:9090"))
                .hasMessageContaining("'localhost:9090' from withControllerURI has no scheme")
                .hasMessageContaining("tcp://localhost:9090");
    }

    @Test
    void controllerTimeoutDefaultsToAMinuteAndMustBeAtLeastAMillisecond() {
        assertThat(PravegaConfig.fromDefaults().getControllerTimeout())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(
                        PravegaConfig.fromDefaults()
                                .withControllerTimeout(Duration.ofMillis(1))
                                .getControllerTimeout())
                .isEqualTo(Duration.ofMillis(1));
        for (Duration bad :
                new Duration[] {
                    Duration.ZERO, Duration.ofSeconds(-5), Duration.ofNanos(999_999), null
                }) {
            assertThatThrownBy(() -> PravegaConfig.fromDefaults().withControllerTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "withControllerTimeout must be a positive duration (at least 1 ms), got "
                                    + bad
                                    + ".");
        }
    }

    @Test
    void emptyControllerArgumentIsAClearError() {
        assertThatThrownBy(
                        () ->
                                PravegaConfig.from(
                                        TestArguments.of("--controller").toMap(), NONE, NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from program argument --controller is empty");
    }

    @Test
    void acceptsSeveralControllersAndTlsSchemes() {
        PravegaConfig config = PravegaConfig.fromDefaults();
        assertThat(
                        config.withControllerURI("tcp://c1:9090,c2:9090")
                                .getControllerURI()
                                .getRawAuthority())
                .isEqualTo("c1:9090,c2:9090");
        assertThat(
                        config.withControllerURI("pravegas://pravega.example.com")
                                .getControllerURI()
                                .getScheme())
                .isEqualTo("pravegas");
    }

    @Test
    void emptyOrInvalidScopeIsAClearError() {
        assertThatThrownBy(() -> PravegaConfig.fromDefaults().withScope(""))
                .hasMessageContaining("Pravega scope from withScope is empty");
        assertThatThrownBy(() -> PravegaConfig.fromDefaults().withDefaultScope("bad/scope"))
                .hasMessageContaining(
                        "'bad/scope' from withDefaultScope is not a valid scope name");
        assertThatThrownBy(
                        () ->
                                PravegaConfig.from(
                                        null, map(PravegaConfig.SCOPE_PROPERTY, "no spaces"), NONE))
                .hasMessageContaining("system property pravega.scope");
    }

    @Test
    void nullAndBlankArgumentsAreRejected() {
        assertThatThrownBy(() -> PravegaConfig.fromDefaults().withControllerURI((URI) null))
                .hasMessageContaining("must not be null");
        assertThatThrownBy(() -> PravegaConfig.fromDefaults().withTrustStore(" "))
                .hasMessageContaining("Trust store path must not be empty");
        assertThatThrownBy(() -> PravegaConfig.fromParams(null))
                .hasMessageContaining("fromDefaults()");
    }

    @Test
    void toStringHidesSecrets() {
        PravegaConfig config =
                PravegaConfig.fromDefaults()
                        .withControllerURI("tcp://admin:hunter2@localhost:9090")
                        .withCredentials(new DefaultCredentials("hunter2", "admin"));
        assertThat(config.toString())
                .doesNotContain("hunter2")
                .doesNotContain(config.getCredentials().getAuthenticationToken())
                .contains("Basic")
                .contains("localhost:9090");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        PravegaConfig config =
                PravegaConfig.fromDefaults()
                        .withControllerURI("tls://host:9090")
                        .withScope("scope")
                        .withCredentials(new DefaultCredentials("pw", "user"))
                        .withTrustStore("/ca.pem")
                        .withHostnameValidation(false);
        PravegaConfig copy = InstantiationUtil.clone(config);
        assertThat(copy.getControllerURI()).isEqualTo(config.getControllerURI());
        assertThat(copy.getDefaultScope()).isEqualTo("scope");
        assertThat(copy.getCredentials().getAuthenticationToken())
                .isEqualTo(config.getCredentials().getAuthenticationToken());
        assertThat(copy.getTrustStore()).isEqualTo("/ca.pem");
        assertThat(copy.isValidateHostname()).isFalse();
    }
}
