package org.pollux.train.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pollux.tensor.ComputeContext;
import org.pollux.train.model.Parameter;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam moments with bias correction, and weight decay decoupled
 * from the gradient, applied as θ ← θ − lr·wd·θ before the Adam step, only to parameters whose
 * {@link Parameter#decay()} is set.
 *
 * <p>Decay choice: matrices decay; norm multipliers and the embedding table do not. Norm
 * weights are stored as 1 + w (the GGUF convention the engine multiplies by), so decaying them
 * would pull the multiplier to 0 instead of to 1; the embedding is excluded as is common for
 * language models (it is also the output layer here, tied).
 *
 * <p>State: the first and second moments (fp32, one pair of arrays per parameter) and the step
 * counter, exposed by {@link #state()} / {@link #load} for checkpoints. Each element updates
 * independently, so the result is the same for any thread count.
 */
public final class AdamW {
    private final List<Parameter> params;
    private final float[][] m;
    private final float[][] v;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final ComputeContext ctx;
    private long step;

    /** Defaults of GPT-style training: β = (0.9, 0.95), ε = 1e-8, weight decay 0.1. */
    public AdamW(List<Parameter> params, ComputeContext ctx) {
        this(params, 0.9f, 0.95f, 1e-8f, 0.1f, ctx);
    }

    public AdamW(List<Parameter> params, float beta1, float beta2, float eps, float weightDecay, ComputeContext ctx) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs 0 <= beta1, beta2 < 1, eps > 0, weight decay >= 0; got "
                    + beta1 + ", " + beta2 + ", " + eps + ", " + weightDecay);
        }
        this.params = List.copyOf(params);
        this.m = new float[this.params.size()][];
        this.v = new float[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[this.params.get(i).size()];
            v[i] = new float[this.params.get(i).size()];
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.ctx = ctx;
    }

    /** Steps taken so far (the t of the bias correction). */
    public long stepCount() {
        return step;
    }

    /** One update of every parameter from its gradient, at learning rate lr. Gradients are left as they are. */
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        step++;
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        float rate = (float) lr;
        for (int p = 0; p < params.size(); p++) {
            Parameter param = params.get(p);
            float[] w = param.data();
            float[] g = param.grad();
            float[] mp = m[p];
            float[] vp = v[p];
            float decay = param.decay() ? 1f - rate * weightDecay : 1f;
            ctx.parallelFor(w.length, 4096, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = g[i];
                    float mi = beta1 * mp[i] + (1 - beta1) * gi;
                    float vi = beta2 * vp[i] + (1 - beta2) * gi * gi;
                    mp[i] = mi;
                    vp[i] = vi;
                    float mHat = mi / c1;
                    float vHat = vi / c2;
                    w[i] = w[i] * decay - rate * mHat / ((float) Math.sqrt(vHat) + eps);
                }
            });
        }
    }

    /** {@link GradientClipping#clipGlobalNorm} over this optimizer's parameters; returns the norm before clipping. */
    public double clipGradNorm(double maxNorm) {
        return GradientClipping.clipGlobalNorm(params, maxNorm, ctx);
    }

    /**
     * The live optimizer state: {@code "<param>.exp_avg"} (first moment) and
     * {@code "<param>.exp_avg_sq"} (second moment) for every parameter, in parameter order.
     * The step counter is {@link #stepCount()}.
     */
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (int p = 0; p < params.size(); p++) {
            s.put(params.get(p).name() + ".exp_avg", m[p]);
            s.put(params.get(p).name() + ".exp_avg_sq", v[p]);
        }
        return s;
    }

    /** Restores a state saved from {@link #state()} and {@link #stepCount()}; every array must be present with its size. */
    public void load(Map<String, float[]> state, long stepCount) {
        if (stepCount < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + stepCount);
        }
        Map<String, float[]> mine = state();
        for (Map.Entry<String, float[]> e : mine.entrySet()) {
            float[] src = state.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("optimizer state lacks '" + e.getKey() + "'");
            }
            if (src.length != e.getValue().length) {
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "' has " + src.length
                        + " values, expected " + e.getValue().length);
            }
        }
        for (String key : state.keySet()) {
            if (!mine.containsKey(key)) {
                throw new IllegalArgumentException("optimizer state has unknown entry '" + key + "'");
            }
        }
        mine.forEach((key, dst) -> System.arraycopy(state.get(key), 0, dst, 0, dst.length));
        this.step = stepCount;
    }
}
