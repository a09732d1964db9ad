package org.pollux.train.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the configuration a checkpoint was written with to the one a resumed run uses,
 * field by field (dotted paths such as {@code train.lr}), so the error names the first field
 * that differs. Fields in {@code free} (threads, output, logging cadence) may change.
 */
public final class ConfigMatch {
    private ConfigMatch() {}

    /**
     * @param stateFile the checkpoint's {@code state.json}, for the message
     * @throws CheckpointException at the first differing field (sorted by path)
     */
    public static void check(Path stateFile, JsonNode saved, JsonNode now, Set<String> free) {
        Map<String, JsonNode> a = new TreeMap<>();
        Map<String, JsonNode> b = new TreeMap<>();
        flatten("", saved, a);
        flatten("", now, b);
        TreeMap<String, Boolean> keys = new TreeMap<>();
        a.keySet().forEach(k -> keys.put(k, true));
        b.keySet().forEach(k -> keys.put(k, true));
        for (String k : keys.keySet()) {
            if (isFree(k, free)) {
                continue;
            }
            JsonNode x = a.get(k);
            JsonNode y = b.get(k);
            if (!same(x, y)) {
                throw new CheckpointException(stateFile, "config field '" + k + "' was " + show(x)
                        + " when the checkpoint was written but is " + show(y)
                        + " now; resuming needs the same value (or start a new run in another directory)");
            }
        }
    }

    /** Equal values; numbers by value (JSON read back gives an int where the run has a long). */
    private static boolean same(JsonNode x, JsonNode y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue()) == 0;
        }
        return x.equals(y);
    }

    private static boolean isFree(String key, Set<String> free) {
        for (String f : free) {
            if (key.equals(f) || key.startsWith(f + ".") || key.startsWith(f + "[")) {
                return true;
            }
        }
        return false;
    }

    private static String show(JsonNode n) {
        return n == null ? "absent" : n.toString();
    }

    private static void flatten(String prefix, JsonNode n, Map<String, JsonNode> out) {
        if (n == null || n.isNull()) {
            return;
        }
        if (n.isObject()) {
            n.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(prefix + "[" + i + "]", n.get(i), out);
            }
        } else {
            out.put(prefix, n);
        }
    }
}
