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
package io.pravega.connectors.flink.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test records for the conformance suites: unique, readable strings of a few dozen bytes. */
final class TestStrings {

    private TestStrings() {}

    /** Between 50 and 149 records; the random part keeps records of separate calls apart. */
    static List<String> generate(String prefix, long seed) {
        Random random = new Random(seed);
        int count = 50 + random.nextInt(100);
        List<String> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(prefix + "-" + i + "-" + Long.toHexString(random.nextLong()));
        }
        return records;
    }
}
