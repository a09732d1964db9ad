package org.pollux.tensor;

/**
 * Element types of weight tensors, with their ggml ids and block geometry.
 *
 * <p>A quantized type stores {@link #blockSize()} elements in {@link #blockBytes()} bytes; rows are
 * always a whole number of blocks. Ids are ggml's {@code ggml_type} values, so they are also the
 * on-disk type codes of GGUF tensor infos.
 */
public enum DType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    BF16(30, 1, 2);

    private final int ggmlId;
    private final int blockSize;
    private final int blockBytes;

    DType(int ggmlId, int blockSize, int blockBytes) {
        this.ggmlId = ggmlId;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** The ggml type id, as stored in GGUF tensor infos. */
    public int ggmlId() {
        return ggmlId;
    }

    /** Elements per quantization block (1 for plain types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per quantization block. */
    public int blockBytes() {
        return blockBytes;
    }

    public boolean isQuantized() {
        return blockSize > 1;
    }

    /** Bytes occupied by {@code elements} elements; {@code elements} must be a multiple of the block size. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(
                    name() + " needs a multiple of " + blockSize + " elements, got " + elements);
        }
        return elements / blockSize * blockBytes;
    }

    /** The type with the given ggml id, or null when Pollux does not know it. */
    public static DType fromGgmlId(int id) {
        for (DType t : values()) {
            if (t.ggmlId == id) {
                return t;
            }
        }
        return null;
    }

    /** Parses a user-facing name such as {@code q4_0} or {@code F16}. */
    public static DType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown tensor type '" + name + "'", e);
        }
    }
}
