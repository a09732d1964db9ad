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
 * Vector API kernels for every weight type, each written once over a float species so that tests
 * can run them at 128, 256 and 512 bits against {@link ScalarKernels}.
 *
 * <p>Narrow data is widened in registers: int8 and 4-bit quants go byte → float with a lane
 * conversion; F16 goes through integer bit manipulation (the magnitude shifted into float position
 * and scaled by 2^112, which handles normals and subnormals exactly; infinities and NaNs are patched
 * with a blend); BF16 is a 16-bit shift. K-quants unpack one 256-element block with scalar code
 * into a small buffer and then use the vector dot: their bit layout is awkward to vectorize and they
 * are not the types this engine is tuned for (Q4_0, Q8_0, F16).
 */
public final class VectorKernels {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private VectorKernels() {}

    /** The kernel for {@code type} at the preferred vector width. */
    public static WeightKernel of(DType type) {
        return Preferred.KERNELS[type.ordinal()];
    }

    /** The kernel for {@code type} at a given float species (tests). */
    public static WeightKernel of(DType type, VectorSpecies<Float> f) {
        return switch (type) {
            case F32 -> new F32(f);
            case F16 -> new F16(f);
            case BF16 -> new Bf16(f);
            case Q8_0 -> new Q8(f);
            case Q4_0 -> new Q4(f);
            case Q4_1, Q4_K, Q5_K, Q6_K -> new Unpacked(type, f);
            default -> null;
        };
    }

    private static final class Preferred {
        static final WeightKernel[] KERNELS = new WeightKernel[DType.values().length];

        static {
            for (DType t : DType.values()) {
                KERNELS[t.ordinal()] = VectorKernels.of(t, FloatVector.SPECIES_PREFERRED);
            }
        }
    }

    /** Byte species with at least as many lanes as {@code f} (never narrower than 64 bits). */
    static VectorSpecies<Byte> bytesFor(VectorSpecies<Float> f, int lanes) {
        return VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, lanes * 8)));
    }

    private record F32(VectorSpecies<Float> f) implements WeightKernel {
        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            MemorySegment.copy(s, ScalarKernels.F32, off, out, o, n);
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            FloatVector acc = FloatVector.zero(f);
            int i = 0;
            for (int bound = f.loopBound(n); i < bound; i += f.length()) {
                acc = FloatVector.fromMemorySegment(f, s, off + 4L * i, LE).fma(FloatVector.fromArray(f, x, xo + i), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum += s.get(ScalarKernels.F32, off + 4L * i) * x[xo + i];
            }
            return sum;
        }
    }

    /** F16 → F32 for one vector of halves (in the low 16 bits of int lanes). */
    static FloatVector halfToFloat(IntVector h, VectorSpecies<Float> f) {
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

    private record F16(VectorSpecies<Float> f, VectorSpecies<Short> sh, VectorSpecies<Integer> in)
            implements WeightKernel {
        F16(VectorSpecies<Float> f) {
            this(f, VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, f.length() * 16))),
                    VectorSpecies.of(int.class, f.vectorShape()));
        }

        private FloatVector load(MemorySegment s, long off) {
            ShortVector v = ShortVector.fromMemorySegment(sh, s, off, LE);
            return halfToFloat((IntVector) v.convertShape(VectorOperators.S2I, in, 0), f);
        }

        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            int i = 0;
            for (int bound = f.loopBound(n); i < bound && 2L * i + sh.vectorByteSize() <= s.byteSize() - off; i += f.length()) {
                load(s, off + 2L * i).intoArray(out, o + i);
            }
            for (; i < n; i++) {
                out[o + i] = ScalarKernels.half(s, off + 2L * i);
            }
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            FloatVector acc = FloatVector.zero(f);
            int i = 0;
            for (int bound = f.loopBound(n); i < bound && 2L * i + sh.vectorByteSize() <= s.byteSize() - off; i += f.length()) {
                acc = load(s, off + 2L * i).fma(FloatVector.fromArray(f, x, xo + i), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum += ScalarKernels.half(s, off + 2L * i) * x[xo + i];
            }
            return sum;
        }
    }

    private record Bf16(VectorSpecies<Float> f, VectorSpecies<Short> sh, VectorSpecies<Integer> in)
            implements WeightKernel {
        Bf16(VectorSpecies<Float> f) {
            this(f, VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, f.length() * 16))),
                    VectorSpecies.of(int.class, f.vectorShape()));
        }

        private FloatVector load(MemorySegment s, long off) {
            ShortVector v = ShortVector.fromMemorySegment(sh, s, off, LE);
            IntVector i = (IntVector) v.convertShape(VectorOperators.S2I, in, 0);
            return i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        }

        private static float scalar(MemorySegment s, long off) {
            return Float.intBitsToFloat((s.get(ScalarKernels.I16, off) & 0xFFFF) << 16);
        }

        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            int i = 0;
            for (int bound = f.loopBound(n); i < bound && 2L * i + sh.vectorByteSize() <= s.byteSize() - off; i += f.length()) {
                load(s, off + 2L * i).intoArray(out, o + i);
            }
            for (; i < n; i++) {
                out[o + i] = scalar(s, off + 2L * i);
            }
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            FloatVector acc = FloatVector.zero(f);
            int i = 0;
            for (int bound = f.loopBound(n); i < bound && 2L * i + sh.vectorByteSize() <= s.byteSize() - off; i += f.length()) {
                acc = load(s, off + 2L * i).fma(FloatVector.fromArray(f, x, xo + i), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum += scalar(s, off + 2L * i) * x[xo + i];
            }
            return sum;
        }
    }

    /** Q8_0: 32 int8 after an f16 scale; 34 bytes per block. */
    private record Q8(VectorSpecies<Float> f, VectorSpecies<Byte> b) implements WeightKernel {
        Q8(VectorSpecies<Float> f) {
            this(f, bytesFor(f, f.length()));
        }

        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
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
            int lanes = f.length();
            int parts = b.length() / lanes;
            FloatVector acc = FloatVector.zero(f);
            for (int blk = 0; blk < n / 32; blk++) {
                long p = off + 34L * blk;
                int xb = xo + 32 * blk;
                FloatVector block = FloatVector.zero(f);
                for (int j = 0; j < 32; j += b.length()) {
                    ByteVector q = ByteVector.fromMemorySegment(b, s, p + 2 + j, LE);
                    for (int part = 0; part < parts && j + part * lanes < 32; part++) {
                        FloatVector w = (FloatVector) q.convertShape(VectorOperators.B2F, f, part);
                        block = w.fma(FloatVector.fromArray(f, x, xb + j + part * lanes), block);
                    }
                }
                acc = block.fma(FloatVector.broadcast(f, ScalarKernels.half(s, p)), acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }
    }

    /** Q4_0: f16 scale, 16 bytes of nibbles (low nibbles = elements 0..15, high = 16..31); 18 bytes. */
    private record Q4(VectorSpecies<Float> f) implements WeightKernel {
        private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;

        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            int lanes = f.length();
            for (int blk = 0; blk < n / 32; blk++) {
                long p = off + 18L * blk;
                float d = ScalarKernels.half(s, p);
                ByteVector q = ByteVector.fromMemorySegment(B16, s, p + 2, LE);
                ByteVector lo = q.and((byte) 0x0F).sub((byte) 8);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8);
                for (int part = 0; part * lanes < 16; part++) {
                    ((FloatVector) lo.convertShape(VectorOperators.B2F, f, part)).mul(d).intoArray(out, o + 32 * blk + part * lanes);
                    ((FloatVector) hi.convertShape(VectorOperators.B2F, f, part)).mul(d)
                            .intoArray(out, o + 32 * blk + 16 + part * lanes);
                }
            }
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            int lanes = f.length();
            FloatVector acc = FloatVector.zero(f);
            for (int blk = 0; blk < n / 32; blk++) {
                long p = off + 18L * blk;
                int xb = xo + 32 * blk;
                ByteVector q = ByteVector.fromMemorySegment(B16, s, p + 2, LE);
                ByteVector lo = q.and((byte) 0x0F).sub((byte) 8);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8);
                FloatVector block = FloatVector.zero(f);
                for (int part = 0; part * lanes < 16; part++) {
                    block = ((FloatVector) lo.convertShape(VectorOperators.B2F, f, part))
                            .fma(FloatVector.fromArray(f, x, xb + part * lanes), block);
                    block = ((FloatVector) hi.convertShape(VectorOperators.B2F, f, part))
                            .fma(FloatVector.fromArray(f, x, xb + 16 + part * lanes), block);
                }
                acc = block.fma(FloatVector.broadcast(f, ScalarKernels.half(s, p)), acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }
    }

    /** Types unpacked block by block with scalar code, then multiplied with the vector dot. */
    private record Unpacked(DType type, VectorSpecies<Float> f) implements WeightKernel {
        @Override
        public void dequantize(MemorySegment s, long off, float[] out, int o, int n) {
            ScalarKernels.dequantize(type, s, off, out, o, n);
        }

        @Override
        public float dot(MemorySegment s, long off, float[] x, int xo, int n) {
            int bs = type.blockSize();
            float[] buf = new float[bs];
            FloatVector acc = FloatVector.zero(f);
            float tail = 0;
            for (int blk = 0; blk < n / bs; blk++) {
                ScalarKernels.dequantize(type, s, off + (long) blk * type.blockBytes(), buf, 0, bs);
                int i = 0;
                for (int bound = f.loopBound(bs); i < bound; i += f.length()) {
                    acc = FloatVector.fromArray(f, buf, i).fma(FloatVector.fromArray(f, x, xo + blk * bs + i), acc);
                }
                for (; i < bs; i++) {
                    tail += buf[i] * x[xo + blk * bs + i];
                }
            }
            return acc.reduceLanes(VectorOperators.ADD) + tail;
        }
    }
}
