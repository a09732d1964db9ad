package org.pollux.generate;

/**
 * The streaming detokenizer the generator sends each generated id through: it returns only text
 * that is final, holding back bytes of a character split across tokens until it is complete.
 * {@link Utf8Streamer} is the default; any tokenizer-specific decoder with the same guarantee plugs
 * in through {@link Generator#Generator(org.pollux.model.LanguageModel, org.pollux.tokenizer.Tokenizer,
 * java.util.function.Function)}.
 */
public interface TokenTextDecoder {
    /** Adds one token; returns the text that became complete (often empty, never null). */
    String push(int token);

    /** Returns whatever is held back at the end (an incomplete character decodes to U+FFFD). */
    String flush();
}
