package org.pollux.train.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.convert.ModelQuantizer;
import org.pollux.convert.RandomModelWriter;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufWriter;
import org.pollux.tensor.DType;
import org.pollux.tensor.Quantizer;

/**
 * Writes a {@link TrainableModel} as a GGUF file the engine (and llama.cpp) loads: the config's
 * architecture keys ({@code ModelConfig.toGgufMetadata}), the caller's tokenizer keys, and every
 * parameter under its {@link org.pollux.model.TensorNames} name, values as they are (norm
 * weights are already the multiplier llama.cpp's Gemma files store).
 *
 * <p>Types follow pollux's {@code new-model} mix ({@link RandomModelWriter#typeOf}): norms F32,
 * matrices in the requested type, Q8_0 embeddings under 4-bit types, fallbacks for rows that are
 * not whole blocks.
 */
public final class GgufExport {
    private GgufExport() {}

    /**
     * @param type F32, F16, BF16, Q8_0, Q4_0 or Q4_K
     * @param tokenizer the {@code tokenizer.*} metadata (from the tokenizer trainer, or a synthetic vocabulary)
     * @param name {@code general.name}
     */
    public static void write(TrainableModel model, DType type, Map<String, GgufValue> tokenizer, String name,
            Path out) {
        if (!Quantizer.supports(type)) {
            throw new IllegalArgumentException("cannot export to " + type + " (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K)");
        }
        for (String key : tokenizer.keySet()) {
            if (!key.startsWith("tokenizer.")) {
                throw new IllegalArgumentException("tokenizer metadata key '" + key + "' does not start with 'tokenizer.'");
            }
        }
        GgufWriter w = new GgufWriter();
        Map<String, GgufValue> arch = new LinkedHashMap<>(model.config().toGgufMetadata());
        w.put("general.architecture", arch.remove("general.architecture"));
        w.put("general.name", GgufValue.ofString(name));
        w.put("general.file_type", GgufValue.ofU32(ModelQuantizer.fileType(type)));
        w.putAll(arch);
        w.putAll(tokenizer);
        for (Parameter p : model.parameters()) {
            long[] shape = p.shape();
            int cols = Math.toIntExact(shape[0]);
            int rows = p.size() / cols;
            DType t = RandomModelWriter.typeOf(p.name(), cols, type);
            long rowBytes = t.bytesFor(cols);
            float[] data = p.data();
            w.addTensor(p.name(), t, shape, target -> model.context().parallelFor(rows, 64, (from, to) -> {
                for (int r = from; r < to; r++) {
                    Quantizer.quantize(t, data, r * cols, cols, target, r * rowBytes);
                }
            }));
        }
        w.addQuantizationVersionIfNeeded();
        w.write(out);
    }
}
