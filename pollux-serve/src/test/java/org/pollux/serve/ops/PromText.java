package org.pollux.serve.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the samples of a Prometheus text exposition: series ({@code name{labels}}) → value. */
final class PromText {
    private PromText() {}

    static Map<String, Double> samples(String text) {
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
