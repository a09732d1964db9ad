package org.pollux.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pollux.tensor.ComputeContext;
import org.pollux.train.model.Parameter;

/** AdamW against the float64 formula, resuming from exported state, clipping and the LR schedule. */
class OptimizerTest {
    private static Parameter param(String name, int n, boolean decay, long seed) {
        Parameter p = new Parameter(name, new long[] {n}, decay);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            p.data()[i] = (float) r.nextGaussian();
        }
        return p;
    }

    private static void randomGrad(List<Parameter> ps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : ps) {
            for (int i = 0; i < p.size(); i++) {
                p.grad()[i] = (float) (r.nextGaussian() * 0.1);
            }
        }
    }

    @Test
    void adamwMatchesTheFloat64Formula() {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            Parameter decayed = param("w", 10_000, true, 1);
            Parameter plain = param("n", 37, false, 2);
            List<Parameter> ps = List.of(decayed, plain);
            double[][] w = {toDouble(decayed.data()), toDouble(plain.data())};
            double[][] m = {new double[10_000], new double[37]};
            double[][] v = {new double[10_000], new double[37]};
            AdamW opt = new AdamW(ps, 0.9f, 0.95f, 1e-8f, 0.1f, ctx);
            double lr = 1e-2;
            for (int t = 1; t <= 3; t++) {
                randomGrad(ps, 10 + t);
                opt.step(lr);
                for (int p = 0; p < 2; p++) {
                    float[] g = ps.get(p).grad();
                    for (int i = 0; i < w[p].length; i++) {
                        m[p][i] = 0.9 * m[p][i] + 0.1 * g[i];
                        v[p][i] = 0.95 * v[p][i] + 0.05 * g[i] * g[i];
                        double mHat = m[p][i] / (1 - Math.pow(0.9, t));
                        double vHat = v[p][i] / (1 - Math.pow(0.95, t));
                        w[p][i] = w[p][i] * (ps.get(p).decay() ? 1 - lr * 0.1 : 1) - lr * mHat / (Math.sqrt(vHat) + 1e-8);
                    }
                }
            }
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < w[p].length; i++) {
                    assertThat((double) ps.get(p).data()[i]).isCloseTo(w[p][i], within(1e-5));
                }
            }
            assertThat(opt.stepCount()).isEqualTo(3);
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Test
    void resumingFromExportedStateIsBitIdentical() {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            List<Parameter> a = List.of(param("x", 300, true, 3), param("y", 5, false, 4));
            AdamW optA = new AdamW(a, ctx);
            for (int t = 0; t < 2; t++) {
                randomGrad(a, t);
                optA.step(1e-3);
            }
            // Save: weights, moments (copies) and the step counter.
            List<Parameter> b = List.of(param("x", 300, true, 99), param("y", 5, false, 98));
            for (int p = 0; p < 2; p++) {
                System.arraycopy(a.get(p).data(), 0, b.get(p).data(), 0, a.get(p).size());
            }
            Map<String, float[]> saved = new java.util.LinkedHashMap<>();
            optA.state().forEach((k, s) -> saved.put(k, s.clone()));
            assertThat(saved.keySet()).containsExactly("x.exp_avg", "x.exp_avg_sq", "y.exp_avg", "y.exp_avg_sq");
            AdamW optB = new AdamW(b, ctx);
            optB.load(saved, optA.stepCount());
            for (int t = 2; t < 5; t++) {
                randomGrad(a, t);
                randomGrad(b, t);
                optA.step(1e-3);
                optB.step(1e-3);
            }
            for (int p = 0; p < 2; p++) {
                assertThat(b.get(p).data()).containsExactly(a.get(p).data());
            }
            saved.remove("y.exp_avg");
            assertThatThrownBy(() -> optB.load(saved, 2)).hasMessageContaining("lacks 'y.exp_avg'");
            saved.put("y.exp_avg", new float[4]);
            assertThatThrownBy(() -> optB.load(saved, 2)).hasMessageContaining("has 4 values, expected 5");
        }
    }

    @Test
    void clipsToTheGlobalNorm() {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            List<Parameter> ps = List.of(param("a", 5000, true, 1), param("b", 13, false, 2));
            randomGrad(ps, 7);
            double want = 0;
            for (Parameter p : ps) {
                for (float g : p.grad()) {
                    want += (double) g * g;
                }
            }
            want = Math.sqrt(want);
            double before = GradientClipping.clipGlobalNorm(ps, want / 2, ctx);
            assertThat(before).isCloseTo(want, within(1e-6 * want));
            assertThat(GradientClipping.globalNorm(ps, ctx)).isCloseTo(want / 2, within(1e-5 * want));
            float[] keep = ps.get(0).grad().clone();
            GradientClipping.clipGlobalNorm(ps, want, ctx); // below the limit: untouched
            assertThat(ps.get(0).grad()).containsExactly(keep);
            assertThatThrownBy(() -> GradientClipping.clipGlobalNorm(ps, 0, ctx)).hasMessageContaining("positive");
        }
    }

    @Test
    void warmupThenCosineToTheMinimum() {
        LrSchedule s = new LrSchedule(1e-3, 1e-4, 10, 110);
        assertThat(s.at(0)).isCloseTo(1e-4, within(1e-12));
        assertThat(s.at(9)).isCloseTo(1e-3, within(1e-12));
        assertThat(s.at(10)).isCloseTo(1e-3, within(1e-12));
        assertThat(s.at(60)).isCloseTo(5.5e-4, within(1e-12)); // half way down the cosine
        assertThat(s.at(110)).isEqualTo(1e-4);
        assertThat(s.at(10_000)).isEqualTo(1e-4);
        for (long t = 10; t < 110; t++) {
            assertThat(s.at(t + 1)).isLessThanOrEqualTo(s.at(t));
        }
        assertThatThrownBy(() -> new LrSchedule(1e-3, 1e-2, 0, 10)).hasMessageContaining("minLr <= maxLr");
        assertThatThrownBy(() -> new LrSchedule(1e-3, 0, 10, 10)).hasMessageContaining("warmupSteps < totalSteps");
    }
}
