package org.pollux.generate.bench;

import java.util.Locale;
import java.util.Random;
import org.pollux.generate.Sampler;
import org.pollux.generate.SamplingParams;

/**
 * Time of one {@link Sampler#choose} over a Gemma-sized vocabulary with the server's default
 * sampling (temperature 1, top-k 64, top-p 0.95). Not a test; run with the test class path:
 * {@code SamplerTiming [VOCAB] [STEPS]} (defaults 262144, 200).
 */
public final class SamplerTiming {
    public static void main(String[] args) {
        int vocab = args.length > 0 ? Integer.parseInt(args[0]) : 262_144;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Random r = new Random(1);
        float[] base = new float[vocab];
        for (int i = 0; i < vocab; i++) {
            base[i] = (float) (r.nextGaussian() * 3);
        }
        Sampler s = new Sampler(SamplingParams.builder().temperature(1f).topK(64).topP(0.95f).seed(1)
                .maxTokens(steps * 3).build());
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                Sampler.Choice c = s.choose(base.clone(), vocab, 0);
                s.accept(c.token());
            }
            System.out.printf(Locale.ROOT, "round %d: %.2f ms per choose%n", rep, (System.nanoTime() - t0) / 1e6 / steps);
        }
    }
}
