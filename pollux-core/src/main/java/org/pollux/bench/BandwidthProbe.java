package org.pollux.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.pollux.tensor.ComputeContext;

/**
 * Measures memory read bandwidth in this process, the way decode reads weights: each thread sums
 * its contiguous share of a large off-heap buffer with the Vector API. Best of several passes, so a
 * noisy neighbour lowers the number less. The buffer must be much larger than the caches
 * ({@link #DEFAULT_BYTES}) for the result to mean DRAM bandwidth; tests use a small one.
 */
public final class BandwidthProbe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** The default buffer: far larger than any last-level cache. */
    public static final long DEFAULT_BYTES = 1L << 30;

    @SuppressWarnings("unused")
    private static volatile float blackhole;

    private BandwidthProbe() {}

    /**
     * Read bandwidth in bytes per second, best of {@code passes}, with {@code ctx.threads()} threads
     * each summing a contiguous share of a {@code bytes}-long off-heap buffer.
     */
    public static double measure(ComputeContext ctx, long bytes, int passes) {
        long minimum = 4L * S.length() * ctx.threads();
        if (bytes < minimum) {
            throw new IllegalArgumentException("the probe buffer needs at least " + minimum + " bytes (one vector per"
                    + " thread), got " + bytes);
        }
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, got " + passes);
        }
        long floats = bytes / 4 / S.length() * S.length();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(floats * 4, 64);
            seg.fill((byte) 1); // touch every page so the pass reads memory, not the zero page
            double best = 0;
            float checksum = 0;
            for (int p = 0; p < passes; p++) {
                long t0 = System.nanoTime();
                int chunks = ctx.threads();
                float[] partial = new float[chunks];
                ctx.parallelFor(chunks, 1, (from, to) -> {
                    for (int c = from; c < to; c++) {
                        long lo = floats * c / chunks / S.length() * S.length();
                        long hi = floats * (c + 1) / chunks / S.length() * S.length();
                        partial[c] = sum(seg, lo, hi);
                    }
                });
                long dt = Math.max(1, System.nanoTime() - t0);
                for (float f : partial) {
                    checksum += f;
                }
                best = Math.max(best, floats * 4 * 1e9 / dt);
            }
            blackhole = checksum; // the sums are observable, so the JIT cannot drop the reads
            return best;
        }
    }

    private static float sum(MemorySegment seg, long from, long to) {
        FloatVector a = FloatVector.zero(S);
        FloatVector b = FloatVector.zero(S);
        long step = S.length();
        long i = from;
        for (; i + 2 * step <= to; i += 2 * step) {
            a = a.add(FloatVector.fromMemorySegment(S, seg, i * 4, ByteOrder.LITTLE_ENDIAN));
            b = b.add(FloatVector.fromMemorySegment(S, seg, (i + step) * 4, ByteOrder.LITTLE_ENDIAN));
        }
        for (; i < to; i += step) {
            a = a.add(FloatVector.fromMemorySegment(S, seg, i * 4, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).reduceLanes(VectorOperators.ADD);
    }
}
