package org.pollux.convert;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufWriter;
import org.pollux.model.ModelConfig;
import org.pollux.model.TensorNames;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;
import org.pollux.tensor.Quantizer;

/**
 * {@code pollux new-model}: a model of a real shape with random weights, for benchmarks and tests.
 *
 * <p>Every row of every tensor is drawn from its own random stream, seeded by (seed, tensor name,
 * row), so the file is the same for a seed whatever the thread count. Matrices are uniform in
 * ±1/√fan-in (activations stay O(1) through the layers); norms near 1 (the GGUF convention stores
 * Gemma's 1 + w). Types follow llama-quantize's default mixes: norms F32; with a 4-bit type the
 * token embedding (also the output layer when tied) is Q8_0.
 */
public final class RandomModelWriter {
    private RandomModelWriter() {}

    /**
     * The type of tensor {@code name} (row length {@code cols}) in a model of file type
     * {@code type}. Rows that are not a whole number of the type's blocks (Gemma 3 270M's 640-wide
     * rows and Q4_K's 256-element blocks) fall back to Q8_0, else F16, as llama-quantize does.
     */
    public static DType typeOf(String name, long cols, DType type) {
        if (TensorNames.isNorm(name)) {
            return DType.F32;
        }
        boolean fourBit = type == DType.Q4_0 || type == DType.Q4_1 || type == DType.Q4_K;
        DType t = fourBit && (name.equals(TensorNames.TOKEN_EMBD) || name.equals(TensorNames.OUTPUT)) ? DType.Q8_0 : type;
        if (cols % t.blockSize() == 0) {
            return t;
        }
        return cols % DType.Q8_0.blockSize() == 0 ? DType.Q8_0 : DType.F16;
    }

    /**
     * Writes the model.
     *
     * @param progress receives the number of rows written so far (of {@link #totalRows}); may be null
     */
    public static void write(ModelConfig c, DType type, long seed, String name, Path out, ComputeContext ctx,
            LongConsumer progress) {
        if (!Quantizer.supports(type)) {
            throw new IllegalArgumentException("cannot make a model of type " + type + " (supported: f32, f16, bf16, q8_0, q4_0, q4_k)");
        }
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.ofString(c.architecture().ggufName()));
        w.put("general.name", GgufValue.ofString(name));
        Map<String, GgufValue> arch = new java.util.LinkedHashMap<>(c.toGgufMetadata());
        arch.remove("general.architecture");
        w.putAll(arch);
        w.put("general.file_type", GgufValue.ofU32(ModelQuantizer.fileType(type)));
        w.putAll(SyntheticVocabulary.gguf(c));
        AtomicLong rowsDone = new AtomicLong();
        for (Map.Entry<String, long[]> e : TensorNames.expectedShapes(c).entrySet()) {
            String tensor = e.getKey();
            long[] shape = e.getValue();
            DType t = typeOf(tensor, shape[0], type);
            boolean norm = TensorNames.isNorm(tensor);
            int cols = Math.toIntExact(shape[0]);
            int rows = Math.toIntExact(org.pollux.tensor.Tensor.elementCountOf(shape) / cols);
            long rowBytes = t.bytesFor(cols);
            float scale = (float) (norm ? 0.1 : 1 / Math.sqrt(cols));
            long nameSeed = seed * 0x9E3779B97F4A7C15L ^ tensor.hashCode();
            w.addTensor(tensor, t, shape, target -> ctx.parallelFor(rows, 64, (from, to) -> {
                float[] row = new float[cols];
                for (int r = from; r < to; r++) {
                    SplittableRandom rnd = new SplittableRandom(nameSeed + 0x632BE59BD9B4E019L * r);
                    for (int i = 0; i < cols; i++) {
                        row[i] = (norm ? 1f : 0f) + (float) (rnd.nextDouble() * 2 - 1) * scale;
                    }
                    Quantizer.quantize(t, row, 0, cols, target, r * rowBytes);
                }
                long done = rowsDone.addAndGet(to - from);
                if (progress != null) {
                    progress.accept(done);
                }
            }));
        }
        w.addQuantizationVersionIfNeeded();
        w.write(out);
    }

    /** Rows {@link #write} reports progress over. */
    public static long totalRows(ModelConfig c) {
        long rows = 0;
        for (long[] shape : TensorNames.expectedShapes(c).values()) {
            rows += org.pollux.tensor.Tensor.elementCountOf(shape) / shape[0];
        }
        return rows;
    }
}
