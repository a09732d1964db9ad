package org.pollux.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for every weight type, each written once against a vector width chosen by a
 * subclass, so that tests run the same code at 128, 256 and 512 bits against {@link ScalarKernels}.
 *
 * <p>Why subclasses and not a species field: the Vector API compiles to SIMD instructions only
 * when the JIT sees the species as a constant. Each width is a subclass whose accessor returns a
 * {@code static final} species; in production only the preferred width is ever instantiated, the
 * accessor call is monomorphic, gets inlined, and the species folds to a constant. (A species kept
 * in an instance field, or passed to a shared static method that is compiled on its own, leaves the
 * kernel in the Vector API's slow fallback: about 100× slower, measured. A shared {@code Width}
 * object held in a field, tried to remove the per-width subclasses below, halved Q8_0 throughput:
 * the repetition of the small width classes is deliberate.)
 *
 * <p>Narrow data is widened in registers: int8 goes byte → float by lane conversion; 4-bit quants
 * are widened to int lanes, masked and shifted there (x86 has no byte shifts), then converted; F16
 * goes through integer bit manipulation (magnitude shifted into float position and scaled by 2^112,
 * exact for normals and subnormals; infinities and NaNs patched with a blend); BF16 is a 16-bit
 * shift. K-quants unpack one 256-element block with scalar code into a small buffer and then use
 * the vector dot: their bit layout is awkward to vectorize and they are not the types this engine
 * is tuned for (Q4_0, Q8_0, F16).
 */
public final class VectorKernels {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private VectorKernels() {}

    /** The kernel for {@code type} at the preferred vector width, or null when there is none. */
    public static WeightKernel of(DType type) {
        return Preferred.KERNELS[type.ordinal()];
    }

    /** The kernel for {@code type} at 128, 256 or 512 bits (tests). */
    public static WeightKernel of(DType type, VectorSpecies<Float> f) {
        Width w = switch (f.vectorBitSize()) {
            case 128 -> Width.W128;
            case 256 -> Width.W256;
            case 512 -> Width.W512;
            default -> throw new IllegalArgumentException("unsupported vector width " + f.vectorBitSize());
        };
        return create(type, w);
    }

    private enum Width { W128, W256, W512 }

    private static final class Preferred {
        static final WeightKernel[] KERNELS = new WeightKernel[DType.values().length];

        static {
            Width w = switch (FloatVector.SPECIES_PREFERRED.vectorBitSize()) {
                case 512 -> Width.W512;
                case 256 -> Width.W256;
                default -> Width.W128;
            };
            for (DType t : DType.values()) {
                KERNELS[t.ordinal()] = create(t, w);
            }
        }
    }

    private static WeightKernel create(DType type, Width w) {
        return switch (type) {
            case F32 -> switch (w) { case W128 -> new F32.W128(); case W256 -> new F32.W256(); case W512 -> new F32.W512(); };
            case F16 -> switch (w) { case W128 -> new F16.W128(); case W256 -> new F16.W256(); case W512 -> new F16.W512(); };
            case BF16 -> switch (w) { case W128 -> new Bf16.W128(); case W256 -> new Bf16.W256(); case W512 -> new Bf16.W512(); };
            case Q8_0 -> switch (w) { case W128 -> new Q8.W128(); case W256 -> new Q8.W256(); case W512 -> new Q8.W512(); };
            case Q4_0 -> switch (w) { case W128 -> new Q4.W128(); case W256 -> new Q4.W256(); case W512 -> new Q4.W512(); };
            case Q4_1, Q4_K, Q5_K, Q6_K -> new Unpacked(type, switch (w) {
                case W128 -> FloatVector.SPECIES_128;
                case W256 -> FloatVector.SPECIES_256;
                case W512 -> FloatVector.SPECIES_512;
            });
            default -> null;
        };
    }

    /** Species derived from a float width: bytes and shorts with as many lanes (never under 64 bits), ints. */
    private static final class Sp {
        static VectorSpecies<Byte> bytes(VectorSpecies<Float> f) {
            return VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, f.length() * 8)));
        }

        static VectorSpecies<Short> shorts(VectorSpecies<Float> f) {
            return VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, f.length() * 16)));
        }

        static VectorSpecies<Integer> ints(VectorSpecies<Float> f) {
            return VectorSpecies.of(int.class, f.vectorShape());
        }
    }

    // ---------------------------------------------------------------- F32

    private abstract static class F32 implements WeightKernel {
        abstract VectorSpecies<Float> f();

        @Override
        public void dotRows(MemorySegment s, long rowBytes, int from, int to, float[] x, int xo, int n, float[] y, int yo) {
            for (int r = from; r < to; r++) {
                y[yo + r] = dot(s, r * rowBytes, x, xo, n);
            }
        }

        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            MemorySegment.copy(s, ScalarKernels.F32, off, out, o, n);
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            VectorSpecies<Float> f = f();
            FloatVector acc = FloatVector.zero(f);
            int i = 0;
            for (int bound = f.loopBound(n); i < bound; i += f.length()) {
                acc = FloatVector.fromMemorySegment(f, s, off + 4L * i, LE).fma(FloatVector.fromArray(f, x, xo + i), acc);
            }
            float sum = FloatOps.sumLanes(acc);
            for (; i < n; i++) {
                sum += s.get(ScalarKernels.F32, off + 4L * i) * x[xo + i];
            }
            return sum;
        }

        static final class W128 extends F32 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
            @Override VectorSpecies<Float> f() { return F; }
        }

        static final class W256 extends F32 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
            @Override VectorSpecies<Float> f() { return F; }
        }

        static final class W512 extends F32 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
            @Override VectorSpecies<Float> f() { return F; }
        }
    }

    // ---------------------------------------------------------------- F16 and BF16

    /** F16 → F32 for one vector of halves (in the low 16 bits of int lanes). */
    static FloatVector halfToFloat(IntVector h) {
        IntVector bits = h.and(0xFFFF);
        IntVector mag = bits.and(0x7FFF);
        FloatVector value = mag.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f);
        VectorMask<Integer> special = mag.compare(VectorOperators.GE, 0x7C00);
        if (special.anyTrue()) {
            IntVector infNan = mag.and(0x3FF).lanewise(VectorOperators.LSHL, 13).or(0x7F800000);
            value = value.reinterpretAsInts().blend(infNan, special).reinterpretAsFloats();
        }
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        return value.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    /** 16-bit float formats: the subclass says how a vector of halves becomes floats. */
    private abstract static class Halves implements WeightKernel {

        @Override
        public void dotRows(MemorySegment s, long rowBytes, int from, int to, float[] x, int xo, int n, float[] y, int yo) {
            for (int r = from; r < to; r++) {
                y[yo + r] = dot(s, r * rowBytes, x, xo, n);
            }
        }
        abstract VectorSpecies<Float> f();

        abstract VectorSpecies<Short> sh();

        abstract VectorSpecies<Integer> in();

        abstract FloatVector widen(IntVector h);

        abstract float scalar(MemorySegment s, long off);

        private FloatVector load(MemorySegment s, long off) {
            ShortVector v = ShortVector.fromMemorySegment(sh(), s, off, LE);
            return widen((IntVector) v.convertShape(VectorOperators.S2I, in(), 0));
        }

        /** Whole vectors that fit before the end of the segment (a load must not run past it). */
        private int bound(MemorySegment s, long off, int n) {
            VectorSpecies<Float> f = f();
            long room = (s.byteSize() - off - sh().vectorByteSize()) / 2 + 1;
            return (int) Math.min(f.loopBound(n), Math.max(0, room / f.length() * f.length()));
        }

        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            int step = f().length();
            int i = 0;
            for (int bound = bound(s, off, n); i < bound; i += step) {
                load(s, off + 2L * i).intoArray(out, o + i);
            }
            for (; i < n; i++) {
                out[o + i] = scalar(s, off + 2L * i);
            }
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            VectorSpecies<Float> f = f();
            FloatVector acc = FloatVector.zero(f);
            int i = 0;
            for (int bound = bound(s, off, n); i < bound; i += f.length()) {
                acc = load(s, off + 2L * i).fma(FloatVector.fromArray(f, x, xo + i), acc);
            }
            float sum = FloatOps.sumLanes(acc);
            for (; i < n; i++) {
                sum += scalar(s, off + 2L * i) * x[xo + i];
            }
            return sum;
        }
    }

    private abstract static class F16 extends Halves {
        @Override
        FloatVector widen(IntVector h) {
            return halfToFloat(h);
        }

        @Override
        float scalar(MemorySegment s, long off) {
            return ScalarKernels.half(s, off);
        }

        static final class W128 extends F16 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
            static final VectorSpecies<Short> S = Sp.shorts(F);
            static final VectorSpecies<Integer> I = Sp.ints(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Short> sh() { return S; }
            @Override VectorSpecies<Integer> in() { return I; }
        }

        static final class W256 extends F16 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
            static final VectorSpecies<Short> S = Sp.shorts(F);
            static final VectorSpecies<Integer> I = Sp.ints(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Short> sh() { return S; }
            @Override VectorSpecies<Integer> in() { return I; }
        }

        static final class W512 extends F16 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
            static final VectorSpecies<Short> S = Sp.shorts(F);
            static final VectorSpecies<Integer> I = Sp.ints(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Short> sh() { return S; }
            @Override VectorSpecies<Integer> in() { return I; }
        }
    }

    private abstract static class Bf16 extends Halves {
        @Override
        FloatVector widen(IntVector h) {
            return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        }

        @Override
        float scalar(MemorySegment s, long off) {
            return Float.intBitsToFloat((s.get(ScalarKernels.I16, off) & 0xFFFF) << 16);
        }

        static final class W128 extends Bf16 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
            static final VectorSpecies<Short> S = Sp.shorts(F);
            static final VectorSpecies<Integer> I = Sp.ints(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Short> sh() { return S; }
            @Override VectorSpecies<Integer> in() { return I; }
        }

        static final class W256 extends Bf16 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
            static final VectorSpecies<Short> S = Sp.shorts(F);
            static final VectorSpecies<Integer> I = Sp.ints(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Short> sh() { return S; }
            @Override VectorSpecies<Integer> in() { return I; }
        }

        static final class W512 extends Bf16 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
            static final VectorSpecies<Short> S = Sp.shorts(F);
            static final VectorSpecies<Integer> I = Sp.ints(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Short> sh() { return S; }
            @Override VectorSpecies<Integer> in() { return I; }
        }
    }

    // ---------------------------------------------------------------- Q8_0

    /** Q8_0: an f16 scale, then 32 int8; 34 bytes per block. */
    private abstract static class Q8 implements WeightKernel {
        abstract VectorSpecies<Float> f();

        @Override
        public void dotRows(MemorySegment s, long rowBytes, int from, int to, float[] x, int xo, int n, float[] y, int yo) {
            for (int r = from; r < to; r++) {
                y[yo + r] = dot(s, r * rowBytes, x, xo, n);
            }
        }

        abstract VectorSpecies<Byte> b();

        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            VectorSpecies<Float> f = f();
            VectorSpecies<Byte> b = b();
            int lanes = f.length();
            int parts = b.length() / lanes;
            for (int blk = 0; blk < n / 32; blk++) {
                long p = off + 34L * blk;
                float d = ScalarKernels.half(s, p);
                for (int j = 0; j < 32; j += b.length()) {
                    ByteVector q = ByteVector.fromMemorySegment(b, s, p + 2 + j, LE);
                    for (int part = 0; part < parts && j + part * lanes < 32; part++) {
                        ((FloatVector) q.convertShape(VectorOperators.B2F, f, part)).mul(d)
                                .intoArray(out, o + 32 * blk + j + part * lanes);
                    }
                }
            }
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            VectorSpecies<Float> f = f();
            VectorSpecies<Byte> b = b();
            int lanes = f.length();
            // Cast parts are literals: a part index the JIT cannot prove constant sends the cast to
            // the slow path, and whether C2 folds a loop variable varied from run to run (measured).
            boolean twoParts = b.length() > lanes;
            FloatVector acc = FloatVector.zero(f);
            for (int blk = 0; blk < n / 32; blk++) {
                long p = off + 34L * blk;
                int xb = xo + 32 * blk;
                FloatVector block = FloatVector.zero(f);
                for (int j = 0; j < 32; j += b.length()) {
                    ByteVector q = ByteVector.fromMemorySegment(b, s, p + 2 + j, LE);
                    block = ((FloatVector) q.convertShape(VectorOperators.B2F, f, 0))
                            .fma(FloatVector.fromArray(f, x, xb + j), block);
                    if (twoParts) {
                        block = ((FloatVector) q.convertShape(VectorOperators.B2F, f, 1))
                                .fma(FloatVector.fromArray(f, x, xb + j + lanes), block);
                    }
                }
                acc = block.fma(FloatVector.broadcast(f, ScalarKernels.half(s, p)), acc);
            }
            return FloatOps.sumLanes(acc);
        }

        static final class W128 extends Q8 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
            static final VectorSpecies<Byte> B = Sp.bytes(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Byte> b() { return B; }
        }

        static final class W256 extends Q8 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
            static final VectorSpecies<Byte> B = Sp.bytes(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Byte> b() { return B; }
        }

        static final class W512 extends Q8 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
            static final VectorSpecies<Byte> B = Sp.bytes(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Byte> b() { return B; }
        }
    }

    // ---------------------------------------------------------------- Q4_0

    /**
     * Q4_0: an f16 scale, then 16 bytes of nibbles: low nibbles are elements 0..15, high nibbles
     * 16..31, each minus 8; 18 bytes per block. The nibble bytes are loaded in pieces as wide as the
     * float vector has lanes, so that every byte → float cast takes part 0 of its source: casts of
     * a higher part compile to much slower code (measured: 3× on the whole kernel).
     */
    private abstract static class Q4 implements WeightKernel {

        @Override
        public void dotRows(MemorySegment s, long rowBytes, int from, int to, float[] x, int xo, int n, float[] y, int yo) {
            if (f().length() != 8) {
                for (int r = from; r < to; r++) {
                    y[yo + r] = dotAny(s, r * rowBytes, x, xo, n);
                }
                return;
            }
            float[] sums = blockSums(x, xo, n);
            for (int r = from; r < to; r++) {
                y[yo + r] = dot8(s, r * rowBytes, x, xo, n, sums);
            }
        }

        /** Σ x over each 32-value block: lets the kernel skip the "−8" per value (see dot8). */
        private static float[] blockSums(float[] x, int xo, int n) {
            float[] sums = new float[n / 32];
            for (int b = 0; b < sums.length; b++) {
                float t = 0;
                for (int j = 0; j < 32; j++) {
                    t += x[xo + 32 * b + j];
                }
                sums[b] = t;
            }
            return sums;
        }
        abstract VectorSpecies<Float> f();

        abstract VectorSpecies<Byte> b();

        /** Low nibbles minus 8. */
        private static ByteVector low(ByteVector q) {
            return q.and((byte) 0xF).sub((byte) 8);
        }

        /** High nibbles minus 8; x86 has no byte shift, so shift 16-bit lanes and mask each byte. */
        private static ByteVector high(ByteVector q) {
            return q.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                    .and((byte) 0xF).sub((byte) 8);
        }

        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            VectorSpecies<Float> f = f();
            VectorSpecies<Byte> b = b();
            int lanes = f.length();
            int parts = b.length() / lanes;
            int step = Math.min(16, b.length());
            for (int blk = 0; blk < n / 32; blk++) {
                long p = off + 18L * blk;
                float d = ScalarKernels.half(s, p);
                int ob = o + 32 * blk;
                for (int j = 0; j < 16; j += step) {
                    ByteVector q = ByteVector.fromMemorySegment(b, s, p + 2 + j, LE);
                    ByteVector lo = low(q);
                    ByteVector hi = high(q);
                    for (int part = 0; part < parts && j + part * lanes < 16; part++) {
                        ((FloatVector) lo.castShape(f, part)).mul(d).intoArray(out, ob + j + part * lanes);
                        ((FloatVector) hi.castShape(f, part)).mul(d).intoArray(out, ob + 16 + j + part * lanes);
                    }
                }
            }
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            VectorSpecies<Float> f = f();
            if (f.length() == 8) {
                return dot8(s, off, x, xo, n, blockSums(x, xo, n));
            }
            return dotAny(s, off, x, xo, n);
        }

        /**
         * The AVX2 shape, spelled out: two 8-byte loads per block, four casts with literal parts,
         * and two accumulators so consecutive blocks do not wait on each other's FMAs.
         */
        private float dot8(MemorySegment s, long off, float[] x, int xo, int n, float[] sums) {
            VectorSpecies<Float> f = f();
            VectorSpecies<Byte> b = b();
            FloatVector acc0 = FloatVector.zero(f);
            FloatVector acc1 = FloatVector.zero(f);
            // Σ d·(q − 8)·x = Σ d·q·x − 8·Σ d·Σx: the nibbles are used as they are (0..15) and the
            // offset is applied once per block from the precomputed block sums.
            float correction = 0;
            int blocks = n / 32;
            for (int blk = 0; blk < blocks; blk++) {
                long p = off + 18L * blk;
                int xb = xo + 32 * blk;
                ByteVector q0 = ByteVector.fromMemorySegment(b, s, p + 2, LE);
                ByteVector q1 = ByteVector.fromMemorySegment(b, s, p + 10, LE);
                float dScalar = ScalarKernels.half(s, p);
                FloatVector d = FloatVector.broadcast(f, dScalar);
                FloatVector v0 = ((FloatVector) q0.and((byte) 0xF).castShape(f, 0)).mul(FloatVector.fromArray(f, x, xb));
                FloatVector v1 = ((FloatVector) q1.and((byte) 0xF).castShape(f, 0)).mul(FloatVector.fromArray(f, x, xb + 8));
                v0 = ((FloatVector) nibblesHigh(q0).castShape(f, 0)).fma(FloatVector.fromArray(f, x, xb + 16), v0);
                v1 = ((FloatVector) nibblesHigh(q1).castShape(f, 0)).fma(FloatVector.fromArray(f, x, xb + 24), v1);
                acc0 = v0.fma(d, acc0);
                acc1 = v1.fma(d, acc1);
                correction += dScalar * sums[blk];
            }
            return FloatOps.sumLanes(acc0.add(acc1)) - 8 * correction;
        }

        /** High nibbles (0..15); x86 has no byte shift, so shift 16-bit lanes and mask each byte. */
        private static ByteVector nibblesHigh(ByteVector q) {
            return q.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0xF);
        }

        private float dotAny(MemorySegment s, long off, float[] x, int xo, int n) {
            VectorSpecies<Float> f = f();
            VectorSpecies<Byte> b = b();
            int lanes = f.length();
            boolean twoParts = b.length() > lanes; // only at 128 bits (tests): literals keep casts fast
            int step = Math.min(16, b.length());
            FloatVector acc = FloatVector.zero(f);
            for (int blk = 0; blk < n / 32; blk++) {
                long p = off + 18L * blk;
                int xb = xo + 32 * blk;
                FloatVector block = FloatVector.zero(f);
                for (int j = 0; j < 16; j += step) {
                    ByteVector q = ByteVector.fromMemorySegment(b, s, p + 2 + j, LE);
                    ByteVector lo = low(q);
                    ByteVector hi = high(q);
                    block = ((FloatVector) lo.castShape(f, 0)).fma(FloatVector.fromArray(f, x, xb + j), block);
                    block = ((FloatVector) hi.castShape(f, 0)).fma(FloatVector.fromArray(f, x, xb + 16 + j), block);
                    if (twoParts) {
                        block = ((FloatVector) lo.castShape(f, 1)).fma(FloatVector.fromArray(f, x, xb + j + lanes), block);
                        block = ((FloatVector) hi.castShape(f, 1))
                                .fma(FloatVector.fromArray(f, x, xb + 16 + j + lanes), block);
                    }
                }
                acc = block.fma(FloatVector.broadcast(f, ScalarKernels.half(s, p)), acc);
            }
            return FloatOps.sumLanes(acc);
        }

        static final class W128 extends Q4 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
            static final VectorSpecies<Byte> B = Sp.bytes(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Byte> b() { return B; }
        }

        static final class W256 extends Q4 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
            static final VectorSpecies<Byte> B = Sp.bytes(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Byte> b() { return B; }
        }

        static final class W512 extends Q4 {
            static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
            static final VectorSpecies<Byte> B = Sp.bytes(F);
            @Override VectorSpecies<Float> f() { return F; }
            @Override VectorSpecies<Byte> b() { return B; }
        }
    }

    // ---------------------------------------------------------------- K-quants and Q4_1

    /** Types unpacked block by block with scalar code, then multiplied with a vector dot. */
    private record Unpacked(DType type, VectorSpecies<Float> f) implements WeightKernel {

        @Override
        public void dotRows(MemorySegment s, long rowBytes, int from, int to, float[] x, int xo, int n, float[] y, int yo) {
            for (int r = from; r < to; r++) {
                y[yo + r] = dot(s, r * rowBytes, x, xo, n);
            }
        }
        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            ScalarKernels.dequantize(type, s, off, out, o, n);
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            int bs = type.blockSize();
            float[] buf = new float[bs];
            float sum = 0;
            for (int blk = 0; blk < n / bs; blk++) {
                ScalarKernels.dequantize(type, s, off + (long) blk * type.blockBytes(), buf, 0, bs);
                sum += FloatOps.dot(buf, 0, x, xo + blk * bs, bs);
            }
            return sum;
        }
    }
}
