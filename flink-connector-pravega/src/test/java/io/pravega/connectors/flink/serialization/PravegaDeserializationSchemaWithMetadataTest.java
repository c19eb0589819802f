package io.pravega.connectors.flink.serialization;

import io.pravega.client.stream.Stream;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PravegaDeserializationSchemaWithMetadataTest {

    /** Prefixes each event with where it came from. */
    private static final class WithOrigin extends PravegaDeserializationSchemaWithMetadata<String> {
        @Override
        public String deserialize(byte[] message, PravegaEventMetadata metadata) {
            return metadata.getStream().getScopedName() + "@" + metadata.getSegmentId() + ":" + metadata.getOffset()
                    + "=" + new String(message, StandardCharsets.UTF_8);
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    @Test
    void receivesTheEventMetadata() throws Exception {
        PravegaEventMetadata metadata = new PravegaEventMetadata(Stream.of("scope", "stream"), null, 3, 128);
        assertThat(new WithOrigin().deserialize("e".getBytes(StandardCharsets.UTF_8), metadata))
                .isEqualTo("scope/stream@3:128=e");
        assertThat(metadata.getEventPointer()).isNull();
        assertThat(metadata.toString()).contains("scope/stream");
    }

    @Test
    void plainDeserializeExplainsThatMetadataIsNeeded() {
        assertThatThrownBy(() -> new WithOrigin().deserialize(new byte[0]))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("needs event metadata");
    }
}
