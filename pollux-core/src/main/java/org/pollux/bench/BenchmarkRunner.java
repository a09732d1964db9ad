package org.pollux.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;

/**
 * A llama-bench-style measurement of a loaded model (its thread count is the one it was built
 * with):
 *
 * <ul>
 *   <li>prompt processing (pp): one forward of p random token ids on a fresh cache;
 *   <li>text generation (tg): a short untimed prompt, then n timed single-token forwards.
 * </ul>
 *
 * Each test runs once to warm up (JIT, page faults of the mapped weights) and then r times;
 * the result is tokens/s as mean ± sample standard deviation. Token ids come from a fixed seed,
 * so runs are comparable.
 */
public final class BenchmarkRunner {
    private static final long TOKEN_SEED = 1234;

    private BenchmarkRunner() {}

    /**
     * What to measure. {@code promptTokens} or {@code genTokens} may be 0 to skip that test.
     *
     * @param genPromptTokens length of the untimed prompt before the tg forwards
     */
    public record Settings(int promptTokens, int genTokens, int repetitions, int genPromptTokens) {
        public static final int DEFAULT_PROMPT_TOKENS = 512;
        public static final int DEFAULT_GEN_TOKENS = 128;
        public static final int DEFAULT_REPETITIONS = 3;
        public static final int DEFAULT_GEN_PROMPT_TOKENS = 16;

        public Settings {
            if (promptTokens < 0 || genTokens < 0 || promptTokens + genTokens == 0) {
                throw new IllegalArgumentException("need a positive prompt (-p) or generation (-n) length, got p="
                        + promptTokens + " n=" + genTokens);
            }
            if (repetitions < 1) {
                throw new IllegalArgumentException("repetitions (-r) must be >= 1, got " + repetitions);
            }
            if (genPromptTokens < 1) {
                throw new IllegalArgumentException("the prompt before generation needs >= 1 token, got " + genPromptTokens);
            }
        }

        /** p, n and r with the default short prompt before generation. */
        public Settings(int promptTokens, int genTokens, int repetitions) {
            this(promptTokens, genTokens, repetitions, DEFAULT_GEN_PROMPT_TOKENS);
        }

        /** llama-bench's defaults: pp512, tg128, 3 repetitions. */
        public static Settings defaults() {
            return new Settings(DEFAULT_PROMPT_TOKENS, DEFAULT_GEN_TOKENS, DEFAULT_REPETITIONS);
        }
    }

    /** Tokens per second of each test; null for a skipped test. */
    public record Result(Stats promptTokensPerSecond, Stats genTokensPerSecond) {}

    /** Runs the tests, reporting each run (warm-up included) as a line to {@code progress}. */
    public static Result run(LanguageModel model, Settings s, Consumer<String> progress) {
        return run(model, s, progress, System::nanoTime);
    }

    /** {@link #run(LanguageModel, Settings, Consumer)} with a given clock (nanoseconds). */
    static Result run(LanguageModel model, Settings s, Consumer<String> progress, LongSupplier clock) {
        checkFits(model, s);
        SplittableRandom rnd = new SplittableRandom(TOKEN_SEED);
        int vocab = model.vocabSize();
        Stats pp = null;
        Stats tg = null;
        if (s.promptTokens() > 0) {
            int[] prompt = rnd.ints(s.promptTokens(), 0, vocab).toArray();
            pp = repeat("pp" + s.promptTokens(), s, s.promptTokens(), progress, () -> {
                KvCache cache = model.newCache(s.promptTokens());
                long t0 = clock.getAsLong();
                model.forward(cache, prompt, 0, prompt.length, false);
                return clock.getAsLong() - t0;
            });
        }
        if (s.genTokens() > 0) {
            int[] prompt = rnd.ints(s.genPromptTokens(), 0, vocab).toArray();
            int[] next = rnd.ints(s.genTokens(), 0, vocab).toArray();
            tg = repeat("tg" + s.genTokens(), s, s.genTokens(), progress, () -> {
                KvCache cache = model.newCache(s.genPromptTokens() + s.genTokens());
                model.forward(cache, prompt, 0, prompt.length, false);
                long t0 = clock.getAsLong();
                for (int i = 0; i < next.length; i++) {
                    model.forward(cache, next, i, 1, false);
                }
                return clock.getAsLong() - t0;
            });
        }
        return new Result(pp, tg);
    }

    private static void checkFits(LanguageModel model, Settings s) {
        int context = model.contextLength();
        if (s.promptTokens() > context) {
            throw new IllegalArgumentException("prompt length " + s.promptTokens() + " (-p) exceeds the model's context of "
                    + context);
        }
        if (s.genTokens() > 0 && (long) s.genPromptTokens() + s.genTokens() > context) {
            throw new IllegalArgumentException("generation of " + s.genTokens() + " tokens (-n) after a "
                    + s.genPromptTokens() + "-token prompt exceeds the model's context of " + context);
        }
    }

    /** One timed run, returning its nanoseconds. */
    private interface TimedRun {
        long nanos();
    }

    private static Stats repeat(String test, Settings s, int tokens, Consumer<String> progress, TimedRun run) {
        double[] rates = new double[s.repetitions()];
        for (int rep = -1; rep < s.repetitions(); rep++) {
            long nanos = Math.max(1, run.nanos());
            double rate = tokens * 1e9 / nanos;
            if (rep >= 0) {
                rates[rep] = rate;
            }
            progress.accept(String.format(Locale.ROOT, "%s %s: %.2f tok/s", test,
                    rep < 0 ? "warm-up" : "run " + (rep + 1), rate));
        }
        return Stats.of(rates);
    }
}
