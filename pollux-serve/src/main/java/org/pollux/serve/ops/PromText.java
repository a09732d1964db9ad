package org.pollux.serve.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the samples of a Prometheus text exposition: series ({@code name{labels}}) → value. For
 * {@code bench-serve}, which reads a server's engine counters, and for tests; not a general parser
 * (no timestamps, no escaped spaces in label values: what {@link Metrics} writes).
 */
public final class PromText {
    private PromText() {}

    public static Map<String, Double> samples(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }
}
