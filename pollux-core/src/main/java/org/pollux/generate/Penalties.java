package org.pollux.generate;

import java.util.Arrays;

/**
 * The token history one sequence's penalties look at, and the penalties themselves:
 *
 * <ul>
 *   <li>repetition (llama.cpp/CTRL): each distinct token among the last {@code window} tokens
 *       (prompt included) has a positive logit divided by the penalty, a negative one multiplied,
 *       so the token always becomes less likely whatever the logit's sign;
 *   <li>presence and frequency (OpenAI/Gemini): {@code logit -= presence·[count > 0] + frequency·count}
 *       over the tokens generated so far (the prompt does not count).
 * </ul>
 */
final class Penalties {
    private final float repetition;
    private final float presence;
    private final float frequency;
    /** The last {@code window} tokens, oldest first; a ring once full. */
    private final int[] recent;
    private int recentSize;
    private int recentStart;
    /** Occurrences of each generated id (grown on demand) and the distinct ids, in first-seen order. */
    private int[] counts = new int[0];
    private int[] seen = new int[16];
    private int seenSize;

    Penalties(SamplingParams p) {
        this.repetition = p.repetitionPenalty();
        this.presence = p.presencePenalty();
        this.frequency = p.frequencyPenalty();
        this.recent = new int[p.repetitionPenalty() == 1f ? 0 : p.repetitionWindow()];
    }

    /** Records tokens the model has seen (the prompt) for the repetition window only. */
    void observe(int[] tokens) {
        for (int t : tokens) {
            remember(t);
        }
    }

    /** Records a generated token: it enters the repetition window and the presence/frequency counts. */
    void accept(int token) {
        remember(token);
        if (presence == 0 && frequency == 0) {
            return;
        }
        if (token >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(token + 1, counts.length * 2));
        }
        if (counts[token]++ == 0) {
            if (seenSize == seen.length) {
                seen = Arrays.copyOf(seen, seenSize * 2);
            }
            seen[seenSize++] = token;
        }
    }

    /** Applies every active penalty to {@code l[0 .. n)} in place; ids ≥ n are ignored. */
    void apply(float[] l, int n) {
        if (recentSize > 0) {
            int[] distinct = new int[recentSize];
            for (int i = 0; i < recentSize; i++) {
                distinct[i] = recent[(recentStart + i) % recent.length];
            }
            Arrays.sort(distinct);
            for (int i = 0; i < distinct.length; i++) {
                int t = distinct[i];
                if ((i == 0 || distinct[i - 1] != t) && t < n) {
                    l[t] = l[t] > 0 ? l[t] / repetition : l[t] * repetition;
                }
            }
        }
        for (int i = 0; i < seenSize; i++) {
            int t = seen[i];
            if (t < n) {
                l[t] -= presence + frequency * counts[t];
            }
        }
    }

    private void remember(int token) {
        if (recent.length == 0) {
            return;
        }
        if (recentSize < recent.length) {
            recent[(recentStart + recentSize++) % recent.length] = token;
        } else {
            recent[recentStart] = token;
            recentStart = (recentStart + 1) % recent.length;
        }
    }
}
