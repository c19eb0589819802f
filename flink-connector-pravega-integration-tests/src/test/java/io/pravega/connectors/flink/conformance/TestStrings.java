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
