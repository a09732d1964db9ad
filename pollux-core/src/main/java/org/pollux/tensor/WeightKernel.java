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

    /**
     * y[yOff + r] = dot(row r, x) for rows [from, to) of a matrix with {@code rowBytes} bytes per
     * row. Each kernel family implements this loop itself (rather than a shared caller looping over
     * {@link #dot}) so that the hot call site only ever sees one kernel class: a call site shared by
     * Q4_0 and Q8_0 matrices was recompiled by C2 into code 1.7× slower (measured).
     */
    void dotRows(MemorySegment s, long rowBytes, int from, int to, float[] x, int xOff, int n, float[] y, int yOff);
}
