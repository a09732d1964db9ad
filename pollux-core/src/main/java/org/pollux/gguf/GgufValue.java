package org.pollux.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One metadata value with its exact GGUF type, so a file read and written again keeps its types.
 *
 * <p>Java representation by type: every integer type is a {@link Long} (u64 keeps its bit pattern),
 * FLOAT32 a {@link Float}, FLOAT64 a {@link Double}, BOOL a {@link Boolean}, STRING a
 * {@link String}, ARRAY a {@link GgufArray}.
 */
public record GgufValue(GgufType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = switch (type) {
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> GgufArray.class;
            default -> Long.class;
        };
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException(type + " value must be a " + expected.getSimpleName()
                    + ", got " + value.getClass().getSimpleName());
        }
    }

    public static GgufValue ofString(String s) {
        return new GgufValue(GgufType.STRING, s);
    }

    public static GgufValue ofU32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        return new GgufValue(GgufType.UINT32, v);
    }

    public static GgufValue ofI32(int v) {
        return new GgufValue(GgufType.INT32, (long) v);
    }

    public static GgufValue ofF32(float v) {
        return new GgufValue(GgufType.FLOAT32, v);
    }

    public static GgufValue ofBool(boolean v) {
        return new GgufValue(GgufType.BOOL, v);
    }

    public static GgufValue ofArray(GgufArray a) {
        return new GgufValue(GgufType.ARRAY, a);
    }

    @Override
    public String toString() {
        return type == GgufType.STRING ? '"' + (String) value + '"' : String.valueOf(value);
    }

    /**
     * A typed array. {@code values} is {@code String[]} for STRING, {@code float[]} for FLOAT32,
     * {@code double[]} for FLOAT64, {@code boolean[]} for BOOL, {@code GgufArray[]} for nested
     * ARRAY, and {@code long[]} for every integer type.
     */
    public record GgufArray(GgufType elementType, Object values) {

        public GgufArray {
            Objects.requireNonNull(elementType, "elementType");
            Class<?> expected = switch (elementType) {
                case STRING -> String[].class;
                case FLOAT32 -> float[].class;
                case FLOAT64 -> double[].class;
                case BOOL -> boolean[].class;
                case ARRAY -> GgufArray[].class;
                default -> long[].class;
            };
            if (!expected.isInstance(values)) {
                throw new IllegalArgumentException("array of " + elementType + " must hold a "
                        + expected.getSimpleName() + ", got " + values.getClass().getSimpleName());
            }
        }

        public int length() {
            return java.lang.reflect.Array.getLength(values);
        }

        public static GgufArray ofStrings(String... s) {
            return new GgufArray(GgufType.STRING, s);
        }

        public static GgufArray ofFloats(float... f) {
            return new GgufArray(GgufType.FLOAT32, f);
        }

        public static GgufArray ofInts(GgufType intType, long... v) {
            return new GgufArray(intType, v);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GgufArray a && a.elementType == elementType
                    && Arrays.deepEquals(new Object[] {values}, new Object[] {a.values});
        }

        @Override
        public int hashCode() {
            return elementType.hashCode() * 31 + Arrays.deepHashCode(new Object[] {values});
        }

        @Override
        public String toString() {
            int n = length();
            return "array<" + elementType.name().toLowerCase(java.util.Locale.ROOT) + ">[" + n + "]";
        }
    }
}
