package org.pollux.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The two primitives every weight type provides over memory-mapped bytes: unpack a run of elements
 * to floats, and the dot product of a run with a float vector. {@code off} is a byte offset at a
 * block boundary; {@code n} a multiple of the block size.
 */
public interface WeightKernel {
    void dequantize(MemorySegment s, long off, float[] out, int outOff, int n);

    float dot(MemorySegment s, long off, float[] x, int xOff, int n);
}
