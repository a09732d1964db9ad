package org.pollux.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.pollux.tensor.DType;
import org.pollux.tensor.Ops;
import org.pollux.tensor.Tensor;

/**
 * The weights of one model, bound by name from any source (a GGUF file, safetensors, memory) and
 * validated against {@link TensorNames#expectedShapes}: a missing tensor, a wrong shape or an
 * unsupported type fails here, naming the tensor, rather than deep inside a forward pass.
 *
 * <p>Matrices stay as (memory-mapped) {@link Tensor} views; norm vectors are small and read once
 * into float arrays.
 */
public final class ModelWeights {
    /** Weights of one block. Matrices map d → n and have ggml shape [d, n]; norms are float[]. */
    public record Layer(
            float[] attnNorm, // [d]
            Tensor wq, // [d, H·D]
            Tensor wk, // [d, Hkv·D]
            Tensor wv, // [d, Hkv·D]
            float[] qNorm, // [D] or null
            float[] kNorm, // [D] or null
            Tensor wo, // [H·D, d]
            float[] postAttnNorm, // [d] or null
            float[] ffnNorm, // [d]
            Tensor gate, // [d, F]
            Tensor up, // [d, F]
            Tensor down, // [F, d]
            float[] postFfwNorm) {} // [d] or null

    private final Tensor tokenEmbedding;
    private final Tensor output;
    private final float[] outputNorm;
    private final Layer[] layers;
    private final float[] ropeFreqFactors;

    private ModelWeights(Tensor tokenEmbedding, Tensor output, float[] outputNorm, Layer[] layers,
            float[] ropeFreqFactors) {
        this.tokenEmbedding = tokenEmbedding;
        this.output = output;
        this.outputNorm = outputNorm;
        this.layers = layers;
        this.ropeFreqFactors = ropeFreqFactors;
    }

    /**
     * Binds and validates every tensor {@code config} needs.
     *
     * @param source returns the tensor of a name, or null when absent
     * @param where names the source in error messages (e.g. the file path)
     */
    public static ModelWeights bind(ModelConfig config, Function<String, Tensor> source, String where) {
        Map<String, long[]> expected = TensorNames.expectedShapes(config);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Tensor t = source.apply(e.getKey());
            if (t == null) {
                throw new ModelLoadException(where + ": missing tensor '" + e.getKey() + "' (expected shape "
                        + Arrays.toString(e.getValue()) + ")");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new ModelLoadException(where + ": tensor '" + e.getKey() + "' has shape " + t.shapeString()
                        + ", expected " + Arrays.toString(e.getValue()));
            }
            if (!Ops.supports(t.type())) {
                throw new ModelLoadException(where + ": tensor '" + e.getKey() + "' has type " + t.type()
                        + ", which Pollux cannot compute with");
            }
        }
        Layer[] layers = new Layer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            final int layer = l;
            Function<TensorNames.Layer, Tensor> m = k -> source.apply(k.name(layer));
            Function<TensorNames.Layer, float[]> norm = k -> k.presentIn(config) ? vector(source.apply(k.name(layer))) : null;
            layers[l] = new Layer(
                    norm.apply(TensorNames.Layer.ATTN_NORM),
                    m.apply(TensorNames.Layer.ATTN_Q),
                    m.apply(TensorNames.Layer.ATTN_K),
                    m.apply(TensorNames.Layer.ATTN_V),
                    norm.apply(TensorNames.Layer.ATTN_Q_NORM),
                    norm.apply(TensorNames.Layer.ATTN_K_NORM),
                    m.apply(TensorNames.Layer.ATTN_OUTPUT),
                    norm.apply(TensorNames.Layer.POST_ATTENTION_NORM),
                    norm.apply(TensorNames.Layer.FFN_NORM),
                    m.apply(TensorNames.Layer.FFN_GATE),
                    m.apply(TensorNames.Layer.FFN_UP),
                    m.apply(TensorNames.Layer.FFN_DOWN),
                    norm.apply(TensorNames.Layer.POST_FFW_NORM));
        }
        Tensor embd = source.apply(TensorNames.TOKEN_EMBD);
        Tensor out = config.tiedEmbeddings() ? embd : source.apply(TensorNames.OUTPUT);
        return new ModelWeights(embd, out, vector(source.apply(TensorNames.OUTPUT_NORM)), layers,
                ropeFreqFactors(config, source.apply(TensorNames.ROPE_FREQS), where));
    }

    /**
     * The optional Llama 3.1+ frequency factors, validated: only llama models use them (llama.cpp
     * loads the tensor for no Gemma architecture), one positive finite factor per rotated pair.
     */
    private static float[] ropeFreqFactors(ModelConfig config, Tensor t, String where) {
        if (t == null) {
            return null;
        }
        String name = TensorNames.ROPE_FREQS;
        if (config.architecture() != Architecture.LLAMA) {
            throw new ModelLoadException(where + ": tensor '" + name + "' is not used by architecture "
                    + config.architecture() + " (only llama)");
        }
        long[] want = TensorNames.ropeFreqsShape(config);
        if (!Arrays.equals(t.shape(), want)) {
            throw new ModelLoadException(where + ": tensor '" + name + "' has shape " + t.shapeString()
                    + ", expected " + Arrays.toString(want));
        }
        if (!Ops.supports(t.type())) {
            throw new ModelLoadException(where + ": tensor '" + name + "' has type " + t.type()
                    + ", which Pollux cannot compute with");
        }
        float[] f = vector(t);
        for (int i = 0; i < f.length; i++) {
            if (!(f[i] > 0) || Float.isInfinite(f[i])) {
                throw new ModelLoadException(where + ": tensor '" + name + "' element " + i + " is " + f[i]
                        + "; frequency factors must be positive and finite");
            }
        }
        return f;
    }

    private static float[] vector(Tensor t) {
        float[] v = new float[Math.toIntExact(t.elementCount())];
        Ops.dequantizeRow(t, 0, v, 0);
        return v;
    }

    /** Embedding table [d, vocab]. */
    public Tensor tokenEmbedding() {
        return tokenEmbedding;
    }

    /** Output projection [d, vocab]: the embedding table itself when tied. */
    public Tensor output() {
        return output;
    }

    public float[] outputNorm() {
        return outputNorm;
    }

    /** RoPE frequency factors [headDim / 2] ({@link RopeFrequencies}), or null when the model has none. */
    public float[] ropeFreqFactors() {
        return ropeFreqFactors == null ? null : ropeFreqFactors.clone();
    }

    public Layer layer(int l) {
        return layers[l];
    }

    /** Bytes of weights read to produce one token: every matrix once, plus the output table. */
    public long bytesPerToken() {
        long b = output.data().byteSize();
        for (Layer l : layers) {
            for (Tensor t : new Tensor[] {l.wq(), l.wk(), l.wv(), l.wo(), l.gate(), l.up(), l.down()}) {
                b += t.data().byteSize();
            }
        }
        // One embedding row is read too; negligible, but count it for honesty.
        return b + tokenEmbedding.rowBytes();
    }

    /** Whether every matrix of the model has the given type (used in reports). */
    public boolean allMatricesAre(DType type) {
        for (Layer l : layers) {
            if (l.wq().type() != type || l.down().type() != type) {
                return false;
            }
        }
        return true;
    }
}
