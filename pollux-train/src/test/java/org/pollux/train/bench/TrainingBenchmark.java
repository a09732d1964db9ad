package org.pollux.train.bench;

import java.util.SplittableRandom;
import org.pollux.model.ModelConfig;
import org.pollux.tensor.ComputeContext;
import org.pollux.train.model.TrainPresets;
import org.pollux.train.model.TrainableModel;
import org.pollux.train.optim.AdamW;

/**
 * Training throughput of a full step (forward, backward, clipping, AdamW) on random tokens.
 *
 * <p>FLOPs per token, the convention of ANCHORS.md's PyTorch baseline (PaLM's model FLOPs):
 * 6·N + 12·L·T·d, N = all parameters (the tied embedding counts once, as the output layer's
 * matmul), L layers, T context, d model width. The attention term counts the full T×T product
 * although causal attention needs half of it, as the baseline's figures do.
 *
 * <p>Usage: TrainingBenchmark PRESET BATCH THREADS STEPS (e.g. train-s 16 1 3). The first step
 * warms up the JIT and is not timed; the median step is reported.
 */
public final class TrainingBenchmark {
    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "train-s";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ModelConfig c = TrainPresets.get(preset);
        int seqLen = c.contextLength();
        try (ComputeContext ctx = ComputeContext.of(threads)) {
            TrainableModel model = new TrainableModel(c, 1, ctx);
            AdamW opt = new AdamW(model.parameters(), ctx);
            long n = model.parameterCount();
            double flopsPerToken = 6.0 * n + 12.0 * c.layers() * seqLen * c.dModel();
            int tokensPerStep = batch * seqLen;
            SplittableRandom r = new SplittableRandom(1);
            double[] times = new double[steps];
            for (int s = -1; s < steps; s++) {
                int[] tokens = r.ints(tokensPerStep + 1, 0, c.vocabSize()).toArray();
                int[] in = java.util.Arrays.copyOf(tokens, tokensPerStep);
                int[] target = java.util.Arrays.copyOfRange(tokens, 1, tokensPerStep + 1);
                long t0 = System.nanoTime();
                model.zeroGrad();
                double loss = model.forwardBackward(in, target, batch, seqLen);
                opt.clipGradNorm(1.0);
                opt.step(1e-4);
                double sec = (System.nanoTime() - t0) / 1e9;
                if (s >= 0) {
                    times[s] = sec;
                }
                System.out.printf("%s threads %d step %d: loss %.4f, %.2f s, %.0f tok/s%n", preset, threads, s, loss,
                        sec, tokensPerStep / sec);
            }
            java.util.Arrays.sort(times);
            double median = times[steps / 2];
            System.out.printf("RESULT %s params %.1fM batch %d ctx %d threads %d: median %.2f s/step, %.0f tok/s, "
                    + "%.1f GFLOP/s (%.1f MFLOP/token)%n", preset, n / 1e6, batch, seqLen, threads, median,
                    tokensPerStep / median, tokensPerStep / median * flopsPerToken / 1e9, flopsPerToken / 1e6);
        }
    }
}
