package org.pollux.tokenizer;

/** Token kinds, with the codes of GGUF's {@code tokenizer.ggml.token_type} and SentencePiece's piece type. */
public enum TokenType {
    NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

    private final int code;

    TokenType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static TokenType fromCode(int code) {
        for (TokenType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new TokenizerException("unknown token type code " + code);
    }
}
