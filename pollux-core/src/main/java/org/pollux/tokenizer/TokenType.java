package org.pollux.tokenizer;

/**
 * The kind of a vocabulary entry, with the codes llama.cpp writes to {@code tokenizer.ggml.token_type}
 * (which are also SentencePiece's {@code ModelProto.SentencePiece.Type} values).
 */
public enum TokenType {
    NORMAL(1),
    /** The {@code <unk>} piece. */
    UNKNOWN(2),
    /** BOS, EOS, turn markers: never produced from plain text; decode to nothing. */
    CONTROL(3),
    /** Added pieces (e.g. {@code <unused0>}, runs of newlines) matched in raw text before BPE. */
    USER_DEFINED(4),
    UNUSED(5),
    /** Byte-fallback piece {@code <0xNN>}. */
    BYTE(6);

    private final int code;

    TokenType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a GGUF / SentencePiece code, or null when the code is unknown. */
    public static TokenType fromCode(int code) {
        for (TokenType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
