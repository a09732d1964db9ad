package org.pollux.train.autograd;

/**
 * Float64 forwards of every op, written plainly from the formulas (not from the fp32 code):
 * the oracles the gradient checks differentiate numerically.
 */
final class Reference {
    private Reference() {}

    static double[] linear(double[] x, double[] w, int n, int in, int out) {
        double[] y = new double[n * out];
        for (int t = 0; t < n; t++) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                    s += x[t * in + i] * w[o * in + i];
                }
                y[t * out + o] = s;
            }
        }
        return y;
    }

    static double[] rmsnorm(double[] x, double[] w, int rows, int width, double eps) {
        double[] y = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            double ss = 0;
            for (int i = 0; i < width; i++) {
                ss += x[r * width + i] * x[r * width + i];
            }
            double inv = 1 / Math.sqrt(ss / width + eps);
            for (int i = 0; i < width; i++) {
                y[r * width + i] = x[r * width + i] * inv * w[i];
            }
        }
        return y;
    }

    /** NEOX rotation, row r at position r mod seqLen, angle p·base^(−2i/D)/scale. */
    static double[] rope(double[] x, int n, int heads, int hd, int seqLen, double base, double scale) {
        double[] y = x.clone();
        int half = hd / 2;
        for (int r = 0; r < n; r++) {
            int p = r % seqLen;
            for (int h = 0; h < heads; h++) {
                int o = (r * heads + h) * hd;
                for (int i = 0; i < half; i++) {
                    double a = p * Math.pow(base, -2.0 * i / hd) / scale;
                    double x0 = x[o + i];
                    double x1 = x[o + i + half];
                    y[o + i] = x0 * Math.cos(a) - x1 * Math.sin(a);
                    y[o + i + half] = x1 * Math.cos(a) + x0 * Math.sin(a);
                }
            }
        }
        return y;
    }

    static double[] attention(double[] q, double[] k, double[] v, int batch, int seqLen, int heads, int kvHeads,
            int hd, int window, double cap) {
        int qDim = heads * hd;
        int kvDim = kvHeads * hd;
        double[] out = new double[batch * seqLen * qDim];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int g = h / (heads / kvHeads);
                for (int i = 0; i < seqLen; i++) {
                    double[] s = new double[seqLen];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < seqLen; j++) {
                        boolean allowed = j <= i && (window == 0 || i - j < window);
                        if (!allowed) {
                            s[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0;
                        for (int e = 0; e < hd; e++) {
                            dot += q[(b * seqLen + i) * qDim + h * hd + e] * k[(b * seqLen + j) * kvDim + g * hd + e];
                        }
                        s[j] = cap > 0 ? cap * Math.tanh(dot / cap) : dot;
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < seqLen; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j < seqLen; j++) {
                        for (int e = 0; e < hd; e++) {
                            out[(b * seqLen + i) * qDim + h * hd + e] +=
                                    s[j] / sum * v[(b * seqLen + j) * kvDim + g * hd + e];
                        }
                    }
                }
            }
        }
        return out;
    }

    static double gelu(double z) {
        return 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
    }

    static double[] geglu(double[] gate, double[] up) {
        double[] y = new double[gate.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = gelu(gate[i]) * up[i];
        }
        return y;
    }

    static double[] softcap(double[] x, double cap) {
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = cap * Math.tanh(x[i] / cap);
        }
        return y;
    }

    /** Mean over counted rows of logsumexp(z) − z[target]. */
    static double crossEntropy(double[] z, int[] targets, int vocab) {
        double total = 0;
        int count = 0;
        for (int t = 0; t < targets.length; t++) {
            if (targets[t] < 0) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < vocab; i++) {
                max = Math.max(max, z[t * vocab + i]);
            }
            double sum = 0;
            for (int i = 0; i < vocab; i++) {
                sum += Math.exp(z[t * vocab + i] - max);
            }
            total += max + Math.log(sum) - z[t * vocab + targets[t]];
            count++;
        }
        return total / count;
    }

    static double[] embedding(int[] tokens, double[] table, int d, double scale) {
        double[] y = new double[tokens.length * d];
        for (int t = 0; t < tokens.length; t++) {
            for (int i = 0; i < d; i++) {
                y[t * d + i] = table[tokens[t] * d + i] * scale;
            }
        }
        return y;
    }
}
