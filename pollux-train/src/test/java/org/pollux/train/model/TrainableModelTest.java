package org.pollux.train.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pollux.model.ModelConfig;
import org.pollux.model.Presets;
import org.pollux.tensor.ComputeContext;
import org.pollux.train.autograd.CrossEntropy;
import org.pollux.train.optim.AdamW;
import org.pollux.train.optim.LrSchedule;

/**
 * The whole model: its backward is the derivative of its forward (directional finite
 * differences through every block), one batch is overfitted, results do not depend on the
 * thread count, and micro-batch accumulation equals one big batch.
 */
class TrainableModelTest {
    private static final ModelConfig TINY = TrainPresets.get("train-tiny");

    static int[] randomTokens(long seed, int n, int vocab) {
        return new SplittableRandom(seed).ints(n, 0, vocab).toArray();
    }

    /** Next-token targets: the sequence shifted left, the last position ignored. */
    static int[] shiftedTargets(int[] tokens, int batch, int seqLen) {
        int[] t = new int[tokens.length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < seqLen; i++) {
                t[b * seqLen + i] = i + 1 < seqLen ? tokens[b * seqLen + i + 1] : CrossEntropy.IGNORE;
            }
        }
        return t;
    }

    /**
     * For random directions u through all parameters at once: central differences of the fp32
     * loss against ⟨∇L, u⟩, to 1e-3 relative (the fp32 loss limits it; a missing or wrong term
     * anywhere in the chain shows as percents or more).
     */
    @Test
    void gradientIsTheDerivativeOfTheLoss() {
        for (ModelConfig config : new ModelConfig[] {TINY, Presets.tiny("gemma-2-2b").withContextLength(64)}) {
            try (ComputeContext ctx = ComputeContext.of(2)) {
                TrainableModel model = new TrainableModel(config, 5, ctx);
                ExportContractTest.perturb(model, 6, 3f);
                int batch = 2, seqLen = 12;
                int[] tokens = randomTokens(1, batch * seqLen, config.vocabSize());
                int[] targets = shiftedTargets(tokens, batch, seqLen);
                model.zeroGrad();
                model.forwardBackward(tokens, targets, batch, seqLen);
                List<Parameter> params = model.parameters();
                List<float[]> base = params.stream().map(p -> p.data().clone()).toList();
                for (int trial = 0; trial < 3; trial++) {
                    SplittableRandom r = new SplittableRandom(100 + trial);
                    List<float[]> u = new ArrayList<>();
                    double analytic = 0;
                    for (Parameter p : params) {
                        float[] dir = new float[p.size()];
                        for (int i = 0; i < dir.length; i++) {
                            dir[i] = (float) r.nextGaussian();
                            analytic += (double) dir[i] * p.grad()[i];
                        }
                        u.add(dir);
                    }
                    // ε·|u| ≈ 0.06 in parameter space; Richardson extrapolation over ε and ε/2
                    // cancels the ε² curvature term, which is large at these sharp weights.
                    double eps = 2e-3 / Math.sqrt(model.parameterCount() / 1000.0);
                    double n1 = (lossAt(model, params, base, u, eps, tokens, targets, batch, seqLen)
                            - lossAt(model, params, base, u, -eps, tokens, targets, batch, seqLen)) / (2 * eps);
                    double n2 = (lossAt(model, params, base, u, eps / 2, tokens, targets, batch, seqLen)
                            - lossAt(model, params, base, u, -eps / 2, tokens, targets, batch, seqLen)) / eps;
                    lossAt(model, params, base, u, 0, tokens, targets, batch, seqLen);
                    double numeric = (4 * n2 - n1) / 3;
                    assertThat(Math.abs(numeric - analytic) / Math.abs(analytic))
                            .as("%s direction %d: numeric %g analytic %g", config.architecture(), trial, numeric,
                                    analytic)
                            .isLessThan(1e-3);
                }
            }
        }
    }

    /** Loss with every parameter at base + eps·u (left there; callers restore with eps 0). */
    private static double lossAt(TrainableModel model, List<Parameter> params, List<float[]> base, List<float[]> u,
            double eps, int[] tokens, int[] targets, int batch, int seqLen) {
        for (int p = 0; p < params.size(); p++) {
            float[] w = params.get(p).data();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (base.get(p)[i] + eps * u.get(p)[i]);
            }
        }
        float[] logits = model.logits(tokens, batch, seqLen);
        return CrossEntropy.loss(model.context(), logits, targets, model.config().vocabSize(),
                model.config().finalSoftcap());
    }

    @Test
    void overfitsOneBatch() {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            TrainableModel model = new TrainableModel(TINY, 1, ctx);
            AdamW opt = new AdamW(model.parameters(), 0.9f, 0.95f, 1e-8f, 0f, ctx);
            LrSchedule lr = new LrSchedule(1e-2, 1e-3, 10, 300);
            int batch = 2, seqLen = 16;
            int[] tokens = randomTokens(2, batch * seqLen, TINY.vocabSize());
            int[] targets = shiftedTargets(tokens, batch, seqLen);
            double first = 0;
            double last = 0;
            for (int step = 0; step < 300; step++) {
                model.zeroGrad();
                last = model.forwardBackward(tokens, targets, batch, seqLen);
                if (step == 0) {
                    first = last;
                }
                opt.clipGradNorm(1.0);
                opt.step(lr.at(step));
            }
            assertThat(first).as("initial loss ≈ ln(vocab)").isCloseTo(Math.log(TINY.vocabSize()),
                    org.assertj.core.api.Assertions.within(0.1));
            assertThat(last).as("loss after 300 steps on one batch").isLessThan(0.05);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int batch = 2, seqLen = 20;
        int[] tokens = randomTokens(3, batch * seqLen, TINY.vocabSize());
        int[] targets = shiftedTargets(tokens, batch, seqLen);
        List<double[]> losses = new ArrayList<>();
        List<List<float[]>> weights = new ArrayList<>();
        for (int threads = 1; threads <= 2; threads++) {
            try (ComputeContext ctx = ComputeContext.of(threads)) {
                TrainableModel model = new TrainableModel(TINY, 9, ctx);
                AdamW opt = new AdamW(model.parameters(), ctx);
                double[] l = new double[4];
                for (int step = 0; step < l.length; step++) {
                    model.zeroGrad();
                    l[step] = model.forwardBackward(tokens, targets, batch, seqLen);
                    opt.clipGradNorm(0.5);
                    opt.step(3e-3);
                }
                losses.add(l);
                weights.add(model.parameters().stream().map(p -> p.data().clone()).toList());
            }
        }
        assertThat(losses.get(1)).containsExactly(losses.get(0));
        for (int p = 0; p < weights.get(0).size(); p++) {
            assertThat(weights.get(1).get(p)).as("parameter %d", p).containsExactly(weights.get(0).get(p));
        }
    }

    @Test
    void microBatchesAccumulateToTheBatchGradient() {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            int seqLen = 10;
            int[] tokens = randomTokens(4, 2 * seqLen, TINY.vocabSize());
            int[] targets = shiftedTargets(tokens, 2, seqLen);
            TrainableModel whole = new TrainableModel(TINY, 2, ctx);
            whole.zeroGrad();
            double lossWhole = whole.forwardBackward(tokens, targets, 2, seqLen);
            TrainableModel parts = new TrainableModel(TINY, 2, ctx);
            parts.zeroGrad();
            double lossParts = 0;
            for (int b = 0; b < 2; b++) {
                int[] tk = java.util.Arrays.copyOfRange(tokens, b * seqLen, (b + 1) * seqLen);
                int[] tg = java.util.Arrays.copyOfRange(targets, b * seqLen, (b + 1) * seqLen);
                lossParts += 0.5 * parts.forwardBackward(tk, tg, 1, seqLen, 0.5f);
            }
            assertThat(lossParts).isCloseTo(lossWhole, org.assertj.core.api.Assertions.within(1e-6));
            for (int p = 0; p < whole.parameters().size(); p++) {
                float[] a = whole.parameters().get(p).grad();
                float[] b = parts.parameters().get(p).grad();
                double maxDiff = 0, maxAbs = 0;
                for (int i = 0; i < a.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
                    maxAbs = Math.max(maxAbs, Math.abs(a[i]));
                }
                assertThat(maxDiff).as(whole.parameters().get(p).name()).isLessThanOrEqualTo(1e-5 * maxAbs);
            }
        }
    }

    @Test
    void parametersFollowTheEngineTable() {
        try (ComputeContext ctx = ComputeContext.of(1)) {
            TrainableModel model = new TrainableModel(TINY, 1, ctx);
            assertThat(model.parameters().stream().map(Parameter::name).toList())
                    .containsExactlyElementsOf(org.pollux.model.TensorNames.expectedShapes(TINY).keySet());
            assertThat(model.parameter("blk.0.attn_norm.weight").data()).containsOnly(1f);
            assertThat(model.parameter("blk.0.attn_q.weight").decay()).isTrue();
            assertThat(model.parameter("token_embd.weight").decay()).isFalse();
            assertThat(model.parameter("output_norm.weight").decay()).isFalse();
            assertThatThrownBy(() -> model.parameter("blk.99.attn_q.weight"))
                    .hasMessageContaining("no parameter 'blk.99.attn_q.weight'");
            assertThatThrownBy(() -> new TrainableModel(Presets.tiny("llama-3.2-1b"), 1, ctx))
                    .hasMessageContaining("training supports the Gemma family");
            assertThatThrownBy(() -> model.forwardBackward(new int[6], new int[6], 2, 4))
                    .hasMessageContaining("does not match 6 tokens");
            assertThatThrownBy(() -> model.logits(new int[80], 1, 80)).hasMessageContaining("exceeds the context length");
        }
    }
}
