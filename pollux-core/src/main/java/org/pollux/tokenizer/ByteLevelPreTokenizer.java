package org.pollux.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The regular expressions that split text into words before byte-level BPE, keyed by llama.cpp's
 * {@code tokenizer.ggml.pre} names. Compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} so
 * {@code \s} is the Unicode White_Space property, as in llama.cpp's splitter.
 */
enum ByteLevelPreTokenizer {
    /** GPT-2: contractions, letters, numbers, other symbols, each with an optional leading space; whitespace. */
    GPT2(false, "gpt-2",
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
    /** Llama 3: case-insensitive contractions, numbers in groups of up to three, newline runs. */
    LLAMA3(true, "llama-bpe",
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    private final boolean ignoreMerges;
    private final String ggufName;
    private final Pattern pattern;

    ByteLevelPreTokenizer(boolean ignoreMerges, String ggufName, String regex) {
        this.ignoreMerges = ignoreMerges;
        this.ggufName = ggufName;
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    Pattern pattern() {
        return pattern;
    }

    /** Llama 3 emits a whole word as one token when it is in the vocabulary, skipping merges. */
    boolean ignoreMerges() {
        return ignoreMerges;
    }

    /**
     * The pre-tokenizer for a GGUF {@code tokenizer.ggml.pre} value (absent means GPT-2).
     *
     * @throws TokenizerException for names this engine does not implement
     */
    static ByteLevelPreTokenizer forGgufName(String pre) {
        if (pre == null || pre.equals("gpt-2")) {
            return GPT2;
        }
        if (pre.equals("llama-bpe") || pre.equals("llama3")) {
            return LLAMA3;
        }
        List<String> supported = Arrays.stream(values()).map(v -> v.ggufName).toList();
        throw new TokenizerException(GgufTokenizerKeys.PRE, "pre-tokenizer '" + pre
                + "' is not supported for byte-level BPE; supported: " + supported + " (and 'llama3')");
    }
}
