package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the generation loop honours a {@link TokenConstraint}: masking, completion, cut-off repair. */
class ConstrainedGenerationTest {
    /** Allows exactly "[" then digits, then "]" once {@code digits} digits were produced. */
    private static final class BracketedDigits implements TokenConstraint {
        private final int digits;
        private final StringBuilder out = new StringBuilder();

        BracketedDigits(int digits) {
            this.digits = digits;
        }

        private boolean allowed(char c) {
            if (out.isEmpty()) {
                return c == '[';
            }
            int produced = out.length() - 1;
            return produced < digits ? Character.isDigit(c) : c == ']';
        }

        @Override
        public void mask(float[] logits, int vocab) {
            for (int i = 0; i < vocab; i++) {
                if (!allowed((char) i)) {
                    logits[i] = Float.NEGATIVE_INFINITY;
                }
            }
        }

        @Override
        public void accept(int token) {
            assertThat(allowed((char) token)).as("generator sampled a masked token %d", token).isTrue();
            out.append((char) token);
        }

        @Override
        public boolean isComplete() {
            return out.length() == digits + 2;
        }

        @Override
        public String completion() {
            if (out.isEmpty()) {
                return "[" + "0".repeat(digits) + "]";
            }
            return "0".repeat(Math.max(0, digits - (out.length() - 1))) + "]";
        }
    }

    private final Generator gen = new Generator(new ToyModel(64), new ByteTokenizer());

    private GenerationResult run(TokenConstraint c, SamplingParams p) {
        return gen.generate(GenerationRequest.of(new int[] {'a', 'b'}, p, Set.of()).withConstraint(c),
                TokenStreamListener.NONE);
    }

    @Test
    void samplesOnlyAllowedTokensAndStopsWhenComplete() {
        SamplingParams p = SamplingParams.builder().temperature(1.5f).seed(7).maxTokens(40).build();
        GenerationResult r = run(new BracketedDigits(5), p);
        assertThat(r.text()).matches("\\[[0-9]{5}]");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.tokens()).hasSize(7);
    }

    @Test
    void aCutOffOutputIsCompletedByTheConstraint() {
        SamplingParams p = SamplingParams.builder().temperature(1f).seed(3).maxTokens(3).build();
        GenerationResult r = run(new BracketedDigits(6), p);
        assertThat(r.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(r.text()).matches("\\[[0-9]{2}0000]");
        assertThat(r.tokens()).hasSize(3);
    }

    @Test
    void stopTokensCannotEndAConstrainedOutputEarly() {
        // Token 0 is a stop id; the constraint never allows it, so the output still completes.
        SamplingParams p = SamplingParams.builder().temperature(0f).maxTokens(20).stopTokenIds(Set.of(0)).build();
        GenerationResult r = run(new BracketedDigits(3), p);
        assertThat(r.text()).matches("\\[[0-9]{3}]");
    }
}
