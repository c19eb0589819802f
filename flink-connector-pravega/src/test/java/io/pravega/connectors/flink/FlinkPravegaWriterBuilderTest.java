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

import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.connectors.flink.serialization.PravegaSerializationSchema;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlinkPravegaWriterBuilderTest {

    private static FlinkPravegaWriter.Builder<String> valid() {
        return FlinkPravegaWriter.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.fromDefaults()
                                .withControllerURI("tcp://localhost:9090")
                                .withScope("home"))
                .forStream("events")
                .withSerializationSchema(
                        new PravegaSerializationSchema<>(new UTF8StringSerializer()));
    }

    @Test
    void defaultsResolveTheStreamAndSurviveSerialization() throws Exception {
        FlinkPravegaWriter<String> writer =
                valid().withEventRouter(event -> event.substring(0, 1)).build();
        assertThat(writer.getWriterMode()).isEqualTo(PravegaWriterMode.ATLEAST_ONCE);
        assertThat(writer.getSinkConfig().getStream()).isEqualTo(Stream.of("home", "events"));
        assertThat(writer.getSinkConfig().getTxnLease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(InstantiationUtil.clone(writer).getWriterMode())
                .isEqualTo(PravegaWriterMode.ATLEAST_ONCE);
    }

    @Test
    void deliveryGuaranteeIsAnAliasOfTheWriterMode() {
        assertThat(valid().withDeliveryGuarantee(DeliveryGuarantee.NONE).build().getWriterMode())
                .isEqualTo(PravegaWriterMode.BEST_EFFORT);
        assertThat(
                        valid().withDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build()
                                .getWriterMode())
                .isEqualTo(PravegaWriterMode.ATLEAST_ONCE);
        assertThat(
                        valid().withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .build()
                                .getWriterMode())
                .isEqualTo(PravegaWriterMode.EXACTLY_ONCE);
        assertThat(
                        valid().forStream(Stream.of("other", "s"))
                                .withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                .withTxnLeaseRenewalPeriod(Duration.ofMinutes(2))
                                .build()
                                .getSinkConfig()
                                .getTxnLease())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void missingSettingsNameTheMethodToCall() {
        assertThatThrownBy(() -> valid().withPravegaConfig(null).build())
                .hasMessageContaining("withPravegaConfig(...) is required");
        assertThatThrownBy(
                        () ->
                                FlinkPravegaWriter.<String>builder()
                                        .withPravegaConfig(PravegaConfig.fromDefaults())
                                        .withSerializationSchema(
                                                new PravegaSerializationSchema<>(
                                                        new UTF8StringSerializer()))
                                        .build())
                .hasMessageContaining("forStream(...) is required");
        assertThatThrownBy(() -> valid().withSerializationSchema(null).build())
                .hasMessageContaining("withSerializationSchema(...) is required");
        assertThatThrownBy(() -> valid().withWriterMode(null).build())
                .hasMessageContaining("BEST_EFFORT, ATLEAST_ONCE or EXACTLY_ONCE");
    }

    @Test
    void conflictingOrOutOfRangeSettingsAreRejected() {
        assertThatThrownBy(() -> valid().withTxnLeaseRenewalPeriod(Duration.ofSeconds(30)).build())
                .hasMessageContaining(
                        "applies to EXACTLY_ONCE only, but the writer mode is ATLEAST_ONCE");
        assertThatThrownBy(() -> valid().allowExactlyOnceWithoutCheckpointing(true).build())
                .hasMessageContaining(
                        "allowExactlyOnceWithoutCheckpointing applies to EXACTLY_ONCE only");
        assertThatThrownBy(
                        () ->
                                valid().withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                        .withTxnLeaseRenewalPeriod(Duration.ofSeconds(5))
                                        .build())
                .hasMessageContaining("at least 10 s");
        assertThatThrownBy(
                        () ->
                                valid().withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                        .withTxnLeaseRenewalPeriod(Duration.ofSeconds(-1))
                                        .build())
                .hasMessageContaining("at least 10 s");
        assertThatThrownBy(
                        () ->
                                valid().withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                        .withTxnLeaseRenewalPeriod(Duration.ofMinutes(11))
                                        .build())
                .hasMessageContaining("at most 600 s")
                .hasMessageContaining("controller.transaction.lease.count.max");
        assertThat(
                        valid().withWriterMode(PravegaWriterMode.EXACTLY_ONCE)
                                .withTxnLeaseRenewalPeriod(Duration.ofMinutes(10))
                                .build()
                                .getSinkConfig()
                                .getTxnLease())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void unqualifiedStreamWithoutScopeIsAClearError() {
        assertThatThrownBy(
                        () ->
                                FlinkPravegaWriter.<String>builder()
                                        .withPravegaConfig(
                                                PravegaConfig.fromDefaults()
                                                        .withControllerURI("tcp://localhost:9090"))
                                        .forStream("events")
                                        .withSerializationSchema(
                                                new PravegaSerializationSchema<>(
                                                        new UTF8StringSerializer()))
                                        .build())
                .hasMessageContaining("has no scope");
    }
}
