package org.pollux.gguf;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.pollux.tensor.DType;

/**
 * The plain-text report behind {@code pollux inspect FILE}: header facts, every metadata entry on
 * one line (long strings and arrays abbreviated), a tensor table, and totals. Deterministic, so
 * it can be diffed between files.
 */
public final class GgufSummary {
    /** Array elements shown before "…"; long arrays are summarised as e.g. {@code array<string>[262144]}. */
    static final int ARRAY_PREVIEW = 5;
    /** Strings longer than this are cut (chat templates run to kilobytes). */
    static final int STRING_PREVIEW = 80;

    private GgufSummary() {}

    public static String of(GgufFile f) {
        StringBuilder sb = new StringBuilder();
        sb.append("file:        ").append(f.path()).append('\n');
        sb.append("format:      GGUF v").append(f.version()).append(", alignment ").append(f.alignment())
                .append(", ").append(f.fileSize()).append(" bytes, data at ").append(f.dataStart()).append('\n');

        Map<String, GgufValue> meta = f.metadata().asMap();
        int keyWidth = meta.keySet().stream().mapToInt(String::length).max().orElse(0);
        sb.append("\nmetadata (").append(meta.size()).append(" entries):\n");
        meta.forEach((key, value) -> sb.append("  ").append(pad(key, keyWidth)).append("  ")
                .append(pad(typeName(value), 8)).append("  ").append(preview(value)).append('\n'));

        Map<String, GgufTensorInfo> tensors = f.tensorInfos();
        int nameWidth = Math.max(4, tensors.keySet().stream().mapToInt(String::length).max().orElse(0));
        sb.append("\ntensors (").append(tensors.size()).append("):\n");
        if (!tensors.isEmpty()) {
            sb.append("  ").append(pad("name", nameWidth)).append("  ").append(pad("type", 6)).append("  ")
                    .append(pad("shape", 22)).append("  bytes\n");
        }
        long parameters = 0;
        long totalBytes = 0;
        Map<DType, long[]> byType = new TreeMap<>(); // type -> {tensor count, bytes, parameters}
        for (GgufTensorInfo t : tensors.values()) {
            sb.append("  ").append(pad(t.name(), nameWidth)).append("  ").append(pad(t.type().name(), 6)).append("  ")
                    .append(pad(Arrays.toString(t.shape()), 22)).append("  ").append(t.byteSize()).append('\n');
            parameters += t.elementCount();
            totalBytes += t.byteSize();
            long[] acc = byType.computeIfAbsent(t.type(), k -> new long[3]);
            acc[0]++;
            acc[1] += t.byteSize();
            acc[2] += t.elementCount();
        }
        sb.append("\ntotals:\n");
        sb.append("  parameters:  ").append(parameters).append(" (").append(human(parameters, false)).append(")\n");
        sb.append("  tensor data: ").append(totalBytes).append(" bytes (").append(human(totalBytes, true)).append(")\n");
        byType.forEach((type, acc) -> sb.append("  ").append(pad(type.name(), 6)).append(": ").append(acc[0])
                .append(acc[0] == 1 ? " tensor, " : " tensors, ").append(acc[2]).append(" parameters, ")
                .append(acc[1]).append(" bytes\n"));
        return sb.toString();
    }

    static String typeName(GgufValue v) {
        return v.type() == GgufType.ARRAY ? "array" : v.type().name().toLowerCase(Locale.ROOT);
    }

    /** One-line rendering of a value: u64 unsigned, strings quoted and escaped, arrays abbreviated. */
    static String preview(GgufValue v) {
        return switch (v.type()) {
            case STRING -> quote((String) v.value());
            case UINT64 -> Long.toUnsignedString((Long) v.value());
            case ARRAY -> preview((GgufValue.GgufArray) v.value());
            default -> String.valueOf(v.value());
        };
    }

    static String preview(GgufValue.GgufArray a) {
        int n = a.length();
        StringBuilder sb = new StringBuilder(a.toString()).append(' ').append('[');
        for (int i = 0; i < Math.min(n, ARRAY_PREVIEW); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object e = Array.get(a.values(), i);
            if (e instanceof String s) {
                sb.append(quote(s));
            } else if (e instanceof GgufValue.GgufArray inner) {
                sb.append(inner);
            } else if (a.elementType() == GgufType.UINT64) {
                sb.append(Long.toUnsignedString((Long) e));
            } else {
                sb.append(e);
            }
        }
        if (n > ARRAY_PREVIEW) {
            sb.append(", …");
        }
        return sb.append(']').toString();
    }

    /** Quotes a string on one line: control characters escaped, long strings cut with their length noted. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int shown = Math.min(s.length(), STRING_PREVIEW);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        if (s.length() > shown) {
            sb.append("… (").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** 1234567 -> "1.23 M" (parameters, decimal) or "1.18 MiB" (bytes, binary). */
    static String human(long n, boolean bytes) {
        double base = bytes ? 1024 : 1000;
        String[] units = bytes ? new String[] {"B", "KiB", "MiB", "GiB", "TiB"} : new String[] {"", "K", "M", "B", "T"};
        double v = n;
        int p = 0;
        while (v >= base && p < units.length - 1) {
            v /= base;
            p++;
        }
        return p == 0 ? n + (bytes ? " B" : "") : String.format(Locale.ROOT, "%.2f %s", v, units[p]);
    }
}
