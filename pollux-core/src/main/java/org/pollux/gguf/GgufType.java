package org.pollux.gguf;

/** Metadata value types of the GGUF format (v2/v3), with their on-disk codes. */
public enum GgufType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4),
    BOOL(7, 1), STRING(8, -1), ARRAY(9, -1), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    private final int code;
    private final int size;

    GgufType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    public int code() {
        return code;
    }

    /** Fixed byte size, or -1 for variable-length types. */
    public int size() {
        return size;
    }

    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64 && this != BOOL && this != STRING && this != ARRAY;
    }

    public static GgufType fromCode(int code) {
        for (GgufType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
