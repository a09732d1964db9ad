package org.pollux.bench;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;

/**
 * A llama-bench-style measurement: prompt processing (pp: one forward of p tokens on an empty
 * cache) and text generation (tg: n single-token forwards), each repeated r times after one
 * warm-up, reported as tokens/s mean ± sample standard deviation. Random token ids, fixed seed.
 */
public final class BenchmarkRunner {
    private BenchmarkRunner() {}

    /** What to measure. {@code promptTokens} or {@code genTokens} may be 0 to skip that test. */
    public record Settings(int promptTokens, int genTokens, int repetitions) {
        public Settings {
            if (promptTokens < 0 || genTokens < 0 || promptTokens + genTokens == 0) {
                throw new IllegalArgumentException("need a positive prompt (-p) or generation (-n) length");
            }
            if (repetitions < 1) {
                throw new IllegalArgumentException("repetitions (-r) must be >= 1, got " + repetitions);
            }
        }
    }

    /** Results; a skipped test has null stats. */
    public record Result(Stats promptTokensPerSecond, Stats genTokensPerSecond) {}

    public static Result run(LanguageModel model, Settings s, Consumer<String> progress) {
        SplittableRandom rnd = new SplittableRandom(1234);
        int vocab = model.vocabSize();
        Stats pp = null;
        Stats tg = null;
        if (s.promptTokens() > 0) {
            int[] prompt = rnd.ints(s.promptTokens(), 0, vocab).toArray();
            double[] rates = new double[s.repetitions()];
            for (int rep = -1; rep < s.repetitions(); rep++) {
                KvCache cache = model.newCache(Math.min(model.contextLength(), s.promptTokens()));
                long t0 = System.nanoTime();
                model.forward(cache, prompt, 0, prompt.length, false);
                long dt = System.nanoTime() - t0;
                if (rep >= 0) {
                    rates[rep] = prompt.length * 1e9 / dt;
                }
                progress.accept(String.format(java.util.Locale.ROOT, "pp%d %s: %.2f tok/s", s.promptTokens(),
                        rep < 0 ? "warm-up" : "run " + (rep + 1), prompt.length * 1e9 / dt));
            }
            pp = Stats.of(rates);
        }
        if (s.genTokens() > 0) {
            double[] rates = new double[s.repetitions()];
            for (int rep = -1; rep < s.repetitions(); rep++) {
                KvCache cache = model.newCache(Math.min(model.contextLength(), s.genTokens() + 1));
                int[] tok = {rnd.nextInt(vocab)};
                long t0 = System.nanoTime();
                for (int i = 0; i < s.genTokens(); i++) {
                    model.forward(cache, tok, 0, 1, false);
                    tok[0] = rnd.nextInt(vocab);
                }
                long dt = System.nanoTime() - t0;
                if (rep >= 0) {
                    rates[rep] = s.genTokens() * 1e9 / dt;
                }
                progress.accept(String.format(java.util.Locale.ROOT, "tg%d %s: %.2f tok/s", s.genTokens(),
                        rep < 0 ? "warm-up" : "run " + (rep + 1), s.genTokens() * 1e9 / dt));
            }
            tg = Stats.of(rates);
        }
        return new Result(pp, tg);
    }
}
