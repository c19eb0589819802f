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
package io.pravega.connectors.flink.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgramOptionsTest {

    @Test
    void readsValuesFlagsAndNegativeNumbers() {
        ProgramOptions options =
                ProgramOptions.parse("--events", "10", "--no-failure", "--offset", "-5", "-x");

        assertThat(options.getLong("events", 1)).isEqualTo(10);
        assertThat(options.has("no-failure")).isTrue();
        assertThat(options.get("no-failure")).isEmpty();
        assertThat(options.getInt("offset", 0)).isEqualTo(-5);
        assertThat(options.has("x")).isTrue();
        assertThat(options.getInt("rate", 500)).isEqualTo(500);
        assertThat(options.get("stream")).isNull();
        assertThat(options.toMap()).containsOnlyKeys("events", "no-failure", "offset", "x");
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> ProgramOptions.parse("events", "10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'events'");
        assertThatThrownBy(() -> ProgramOptions.parse("--events", "many").getLong("events", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--events must be a whole number");
        assertThatThrownBy(() -> ProgramOptions.parse("--rate", "9999999999").getInt("rate", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }
}
