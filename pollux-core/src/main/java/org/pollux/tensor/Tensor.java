package org.pollux.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A named, typed, shaped view on bytes, usually a slice of a memory-mapped file.
 *
 * <p>{@code shape} follows ggml: {@code shape[0]} is the fastest-varying dimension (the row length),
 * so a PyTorch {@code [out, in]} matrix has shape {@code {in, out}}. Quantized rows are a whole
 * number of blocks along {@code shape[0]}.
 */
public record Tensor(String name, DType type, long[] shape, MemorySegment data) {

    public Tensor {
        shape = shape.clone();
        long expected = type.bytesFor(elementCountOf(shape));
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + type + " and shape "
                    + Arrays.toString(shape) + " needs " + expected + " bytes, got " + data.byteSize());
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elementCount() {
        return elementCountOf(shape);
    }

    /** Length of a row ({@code shape[0]}). */
    public int cols() {
        return Math.toIntExact(shape[0]);
    }

    /** Number of rows (product of all dimensions but the first). */
    public int rows() {
        return Math.toIntExact(elementCount() / shape[0]);
    }

    /** Bytes per row. */
    public long rowBytes() {
        return type.bytesFor(shape[0]);
    }

    /** Shape in ggml order, e.g. {@code [64, 512]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    public static long elementCountOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
