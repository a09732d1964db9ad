package org.pollux.safetensors;

import org.pollux.tensor.DType;

/**
 * Element types of the safetensors format that Pollux reads, with their byte sizes and the
 * matching {@link DType} (null for U8 and BOOL, which have no ggml counterpart and can only be
 * read as raw bytes).
 */
public enum SafetensorsDType {
    F64(8, DType.F64),
    F32(4, DType.F32),
    F16(2, DType.F16),
    BF16(2, DType.BF16),
    I64(8, DType.I64),
    I32(4, DType.I32),
    I16(2, DType.I16),
    I8(1, DType.I8),
    U8(1, null),
    BOOL(1, null);

    private final int size;
    private final DType dtype;

    SafetensorsDType(int size, DType dtype) {
        this.size = size;
        this.dtype = dtype;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The tensor type for {@link org.pollux.tensor.Tensor} views, or null when there is none. */
    public DType dtype() {
        return dtype;
    }

    /** The safetensors type for a plain {@link DType}, or null (quantized types have none). */
    public static SafetensorsDType of(DType type) {
        for (SafetensorsDType t : values()) {
            if (t.dtype == type) {
                return t;
            }
        }
        return null;
    }

    /** The type spelled as in a safetensors header (e.g. {@code "BF16"}), or null when unsupported. */
    public static SafetensorsDType parse(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
