package org.pollux.gguf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key/value metadata of a GGUF file, in file order, with typed accessors whose errors name the
 * key, the expected type and the type found.
 */
public final class GgufMetadata {
    private final Path file;
    private final Map<String, GgufValue> values;

    public GgufMetadata(Path file, Map<String, GgufValue> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All entries in file order. */
    public Map<String, GgufValue> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    private GgufValue require(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            throw new GgufException(file, -1, "missing metadata key '" + key + "'");
        }
        return v;
    }

    private GgufException wrongType(String key, String expected, GgufValue v) {
        return new GgufException(file, -1, "metadata key '" + key + "' should be " + expected
                + " but is " + v.type());
    }

    public String getString(String key) {
        GgufValue v = require(key);
        if (v.type() != GgufType.STRING) {
            throw wrongType(key, "a string", v);
        }
        return (String) v.value();
    }

    public String getString(String key, String fallback) {
        return has(key) ? getString(key) : fallback;
    }

    public long getLong(String key) {
        GgufValue v = require(key);
        if (!v.type().isInteger()) {
            throw wrongType(key, "an integer", v);
        }
        return (Long) v.value();
    }

    public int getInt(String key) {
        long l = getLong(key);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new GgufException(file, -1, "metadata key '" + key + "' = " + l + " does not fit an int");
        }
        return (int) l;
    }

    public int getInt(String key, int fallback) {
        return has(key) ? getInt(key) : fallback;
    }

    public float getFloat(String key) {
        GgufValue v = require(key);
        return switch (v.type()) {
            case FLOAT32 -> (Float) v.value();
            case FLOAT64 -> (float) (double) (Double) v.value();
            default -> {
                if (v.type().isInteger()) {
                    yield (float) (long) (Long) v.value();
                }
                throw wrongType(key, "a number", v);
            }
        };
    }

    public float getFloat(String key, float fallback) {
        return has(key) ? getFloat(key) : fallback;
    }

    public boolean getBoolean(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        GgufValue v = require(key);
        if (v.type() != GgufType.BOOL) {
            throw wrongType(key, "a bool", v);
        }
        return (Boolean) v.value();
    }

    public GgufValue.GgufArray getArray(String key) {
        GgufValue v = require(key);
        if (v.type() != GgufType.ARRAY) {
            throw wrongType(key, "an array", v);
        }
        return (GgufValue.GgufArray) v.value();
    }

    public String[] getStringArray(String key) {
        GgufValue.GgufArray a = getArray(key);
        if (a.elementType() != GgufType.STRING) {
            throw new GgufException(file, -1, "metadata key '" + key + "' should be an array of strings but holds "
                    + a.elementType());
        }
        return (String[]) a.values();
    }

    public float[] getFloatArray(String key) {
        GgufValue.GgufArray a = getArray(key);
        if (a.elementType() != GgufType.FLOAT32) {
            throw new GgufException(file, -1, "metadata key '" + key + "' should be an array of f32 but holds "
                    + a.elementType());
        }
        return (float[]) a.values();
    }

    /** An integer array of any integer element type, narrowed to int with a range check. */
    public int[] getIntArray(String key) {
        GgufValue.GgufArray a = getArray(key);
        if (!a.elementType().isInteger()) {
            throw new GgufException(file, -1, "metadata key '" + key + "' should be an integer array but holds "
                    + a.elementType());
        }
        long[] l = (long[]) a.values();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] < Integer.MIN_VALUE || l[i] > Integer.MAX_VALUE) {
                throw new GgufException(file, -1, "metadata key '" + key + "'[" + i + "] = " + l[i]
                        + " does not fit an int");
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    public int size() {
        return values.size();
    }
}
