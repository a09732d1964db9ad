package org.pollux.safetensors;

import java.util.Arrays;

/**
 * One header entry: name, element type, shape in the file's (PyTorch, slowest-first) order, and
 * byte range {@code [begin, end)} relative to the start of the data section.
 */
public record SafetensorsTensorInfo(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {
    public SafetensorsTensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape in ggml order (fastest-varying first), as {@link org.pollux.tensor.Tensor} wants it; [1] for a scalar. */
    public long[] ggmlShape() {
        return shape.length == 0 ? new long[] {1} : reversed(shape);
    }

    /** Converts between PyTorch order (slowest first) and ggml order (fastest first); the bytes stay the same. */
    static long[] reversed(long[] shape) {
        long[] r = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            r[i] = shape[shape.length - 1 - i];
        }
        return r;
    }

    public long byteSize() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsTensorInfo t && t.name.equals(name) && t.dtype == dtype
                && Arrays.equals(t.shape, shape) && t.begin == begin && t.end == end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
    }
}
