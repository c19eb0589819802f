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

import static org.assertj.core.api.Assertions.assertThat;

/** What a validator counted: every record, each value of 0..N-1, repeats, and per-key order. */
public final class Verdict {
    public final String name;
    public final int expected;
    public final int distinct;
    public final int records;
    public final int duplicates;
    public final int outOfOrder;
    public final int outOfRange;

    public Verdict(
            String name,
            int expected,
            int distinct,
            int records,
            int duplicates,
            int outOfOrder,
            int outOfRange) {
        this.name = name;
        this.expected = expected;
        this.distinct = distinct;
        this.records = records;
        this.duplicates = duplicates;
        this.outOfOrder = outOfOrder;
        this.outOfRange = outOfRange;
    }

    /** What a plain reader read back from an output stream. */
    public static Verdict of(String name, int expected, StreamContents written) {
        return new Verdict(
                name,
                expected,
                written.distinct,
                written.values.size(),
                written.duplicates,
                written.outOfOrder,
                written.outOfRange);
    }

    /** What a validator operator in the job counted. */
    public static Verdict of(String name, int expected, ExactlyOnceValidator.Result result) {
        return new Verdict(
                name,
                expected,
                result.distinct,
                result.distinct + result.duplicates.get(),
                result.duplicates.get(),
                result.outOfOrder.get(),
                result.outOfRange.get());
    }

    /** None lost and none unknown; repeats are allowed, and logged with the verdict. */
    public void assertAtLeastOnce() {
        assertThat(distinct).as("%s: lost events", this).isEqualTo(expected);
        assertThat(records).as("%s: records counted", this).isEqualTo(expected + duplicates);
        assertThat(outOfRange).as("%s: events never written", this).isZero();
    }

    public void assertExactlyOnce() {
        assertThat(distinct).as("%s: lost events", this).isEqualTo(expected);
        assertThat(duplicates).as("%s: duplicates", this).isZero();
        assertThat(records).as("%s: records counted", this).isEqualTo(expected);
        assertThat(outOfOrder).as("%s: events out of per-key order", this).isZero();
        assertThat(outOfRange).as("%s: events never written", this).isZero();
    }

    @Override
    public String toString() {
        return name
                + " [records "
                + records
                + ", distinct "
                + distinct
                + ", duplicates "
                + duplicates
                + ", out of order "
                + outOfOrder
                + ", out of range "
                + outOfRange
                + "]";
    }
}
