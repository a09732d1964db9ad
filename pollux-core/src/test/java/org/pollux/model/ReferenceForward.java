package org.pollux.model;

import java.util.Map;

/**
 * An independent, obviously-correct float64 forward pass (plain loops, recomputes everything for
 * every position, no cache), written from SPEC-gemma §2 for checking {@link Decoder}.
 * Weights are double arrays in ggml layout: a matrix of shape [cols, rows] is rows × cols row-major.
 */
final class ReferenceForward {
    private final ModelConfig c;
    private final Map<String, double[]> w;

    ReferenceForward(ModelConfig c, Map<String, double[]> w) {
        this.c = c;
        this.w = w;
    }

    /** Logits after every position, [position][vocab]. */
    double[][] logits(int[] tokens) {
        int n = tokens.length;
        int d = c.dModel();
        double[][] x = new double[n][d];
        double[] emb = w.get(TensorNames.TOKEN_EMBD);
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                x[t][i] = emb[tokens[t] * d + i] * c.embeddingScale();
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            double[][] attnOut = new double[n][];
            double[][][] q = new double[n][][];
            double[][][] k = new double[n][][];
            double[][][] v = new double[n][][];
            for (int t = 0; t < n; t++) {
                double[] h = norm(x[t], get(TensorNames.Layer.ATTN_NORM, l));
                q[t] = heads(matvec(get(TensorNames.Layer.ATTN_Q, l), h, c.qDim()), c.heads());
                k[t] = heads(matvec(get(TensorNames.Layer.ATTN_K, l), h, c.kvDim()), c.kvHeads());
                v[t] = heads(matvec(get(TensorNames.Layer.ATTN_V, l), h, c.kvDim()), c.kvHeads());
                for (int hh = 0; hh < c.heads(); hh++) {
                    if (c.qkNorm()) {
                        q[t][hh] = norm(q[t][hh], get(TensorNames.Layer.ATTN_Q_NORM, l));
                    }
                    q[t][hh] = rope(q[t][hh], t, l);
                    for (int i = 0; i < c.headDim(); i++) {
                        q[t][hh][i] *= c.queryScale();
                    }
                }
                for (int g = 0; g < c.kvHeads(); g++) {
                    if (c.qkNorm()) {
                        k[t][g] = norm(k[t][g], get(TensorNames.Layer.ATTN_K_NORM, l));
                    }
                    k[t][g] = rope(k[t][g], t, l);
                }
            }
            for (int t = 0; t < n; t++) {
                double[] concat = new double[c.qDim()];
                for (int hh = 0; hh < c.heads(); hh++) {
                    int g = hh / (c.heads() / c.kvHeads());
                    double[] s = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= t; j++) {
                        boolean allowed = !c.isLocal(l) || t - j < c.slidingWindow();
                        if (!allowed) {
                            s[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0;
                        for (int i = 0; i < c.headDim(); i++) {
                            dot += q[t][hh][i] * k[j][g][i];
                        }
                        if (c.attnSoftcap() > 0) {
                            dot = c.attnSoftcap() * Math.tanh(dot / c.attnSoftcap());
                        }
                        s[j] = dot;
                        max = Math.max(max, dot);
                    }
                    double sum = 0;
                    for (int j = 0; j <= t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j <= t; j++) {
                        for (int i = 0; i < c.headDim(); i++) {
                            concat[hh * c.headDim() + i] += s[j] / sum * v[j][g][i];
                        }
                    }
                }
                attnOut[t] = matvec(get(TensorNames.Layer.ATTN_OUTPUT, l), concat, c.dModel());
            }
            for (int t = 0; t < n; t++) {
                double[] a = attnOut[t];
                if (c.postNorms()) {
                    a = norm(a, get(TensorNames.Layer.POST_ATTENTION_NORM, l));
                }
                add(x[t], a);
                double[] h = norm(x[t], get(TensorNames.Layer.FFN_NORM, l));
                double[] gate = matvec(get(TensorNames.Layer.FFN_GATE, l), h, c.ffn());
                double[] up = matvec(get(TensorNames.Layer.FFN_UP, l), h, c.ffn());
                for (int i = 0; i < c.ffn(); i++) {
                    double z = gate[i];
                    double act = c.activation() == Activation.SILU
                            ? z / (1 + Math.exp(-z))
                            : 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
                    gate[i] = act * up[i];
                }
                double[] f = matvec(get(TensorNames.Layer.FFN_DOWN, l), gate, c.dModel());
                if (c.postNorms()) {
                    f = norm(f, get(TensorNames.Layer.POST_FFW_NORM, l));
                }
                add(x[t], f);
            }
        }
        double[] out = w.get(c.tiedEmbeddings() ? TensorNames.TOKEN_EMBD : TensorNames.OUTPUT);
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = matvec(out, norm(x[t], w.get(TensorNames.OUTPUT_NORM)), c.vocabSize());
            if (c.finalSoftcap() > 0) {
                for (int i = 0; i < logits[t].length; i++) {
                    logits[t][i] = c.finalSoftcap() * Math.tanh(logits[t][i] / c.finalSoftcap());
                }
            }
        }
        return logits;
    }

    private double[] get(TensorNames.Layer t, int l) {
        return w.get(t.name(l));
    }

    private double[] norm(double[] x, double[] weight) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double inv = 1 / Math.sqrt(ss / x.length + c.normEps());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * inv * weight[i];
        }
        return y;
    }

    private static double[] matvec(double[] m, double[] x, int rows) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += m[r * x.length + i] * x[i];
            }
            y[r] = s;
        }
        return y;
    }

    private double[][] heads(double[] v, int count) {
        double[][] h = new double[count][c.headDim()];
        for (int i = 0; i < count; i++) {
            System.arraycopy(v, i * c.headDim(), h[i], 0, c.headDim());
        }
        return h;
    }

    private double[] rope(double[] x, int pos, int layer) {
        boolean local = c.isLocal(layer);
        double base = local ? c.ropeBaseLocal() : c.ropeBase();
        double scale = local ? 1 : c.ropeScale();
        int dim = x.length;
        double[] y = x.clone();
        // Llama 3.1+ files may carry one divisor per pair (rope_freqs.weight), on every layer.
        double[] factors = w.get(TensorNames.ROPE_FREQS);
        for (int i = 0; i < dim / 2; i++) {
            double theta = pos / scale / Math.pow(base, 2.0 * i / dim) / (factors == null ? 1 : factors[i]);
            int a = c.ropeStyle() == RopeStyle.NEOX ? i : 2 * i;
            int b = c.ropeStyle() == RopeStyle.NEOX ? i + dim / 2 : 2 * i + 1;
            y[a] = x[a] * Math.cos(theta) - x[b] * Math.sin(theta);
            y[b] = x[b] * Math.cos(theta) + x[a] * Math.sin(theta);
        }
        return y;
    }

    private static void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }
}
