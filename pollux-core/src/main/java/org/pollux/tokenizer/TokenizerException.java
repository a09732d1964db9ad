package org.pollux.tokenizer;

/** A tokenizer file or description that cannot be used; names the source and, where known, the offset. */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
