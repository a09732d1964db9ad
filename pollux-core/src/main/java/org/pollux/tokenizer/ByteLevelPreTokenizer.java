package org.pollux.tokenizer;

import java.util.regex.Pattern;

/**
 * The patterns that cut text into words before byte-level BPE, chosen by llama.cpp's
 * {@code tokenizer.ggml.pre}. Compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} so {@code \s} is
 * the Unicode White_Space property, as in llama.cpp's splitter. Unknown names are rejected rather
 * than tokenized with the wrong pattern (which would silently give different ids).
 */
enum ByteLevelPreTokenizer {
    /**
     * GPT-2: contractions, letters, numbers, other symbols (each with an optional leading space),
     * then whitespace; the trailing {@code \s+} alternative keeps whitespace before a non-space.
     */
    GPT2(false, "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
    /**
     * Llama 3 ({@code llama-bpe}): case-insensitive contractions, numbers in groups of up to three,
     * runs of newlines; a word that is a whole vocabulary piece skips merging (llama.cpp
     * {@code ignore_merges}).
     */
    LLAMA3(true, "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    private final boolean ignoreMerges;
    private final Pattern pattern;

    ByteLevelPreTokenizer(boolean ignoreMerges, String regex) {
        this.ignoreMerges = ignoreMerges;
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    Pattern pattern() {
        return pattern;
    }

    boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** The pre-tokenizer for a {@code tokenizer.ggml.pre} value; null (absent) means GPT-2. */
    static ByteLevelPreTokenizer forGgufName(String pre, String source) {
        if (pre == null || pre.equals("gpt-2")) {
            return GPT2;
        }
        if (pre.equals("llama-bpe") || pre.equals("llama3")) {
            return LLAMA3;
        }
        throw new TokenizerException(source + ": tokenizer.ggml.pre = '" + pre
                + "' is not supported for byte-level BPE (supported: gpt-2, llama-bpe)");
    }
}
