package org.pollux.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Text ↔ token ids. Implementations: SentencePiece-style BPE with byte fallback, GPT-2 byte-level
 * BPE. Loaded from GGUF metadata, a Hugging Face {@code tokenizer.json}, or a SentencePiece
 * {@code .model} file through {@code Tokenizers}.
 */
public interface Tokenizer {

    int vocabSize();

    /**
     * Encodes text. {@code addBos} prepends the BOS id; {@code parseSpecial} maps the text of
     * control/user-defined tokens (e.g. {@code <start_of_turn>}) to their ids instead of
     * tokenizing their characters.
     */
    int[] encode(String text, boolean addBos, boolean parseSpecial);

    /** Whether this model's convention is to prepend BOS (GGUF {@code add_bos_token}). */
    boolean addBosByDefault();

    /**
     * The raw bytes token {@code id} contributes to decoded text: byte tokens give their byte,
     * {@code ▁} becomes a space, control tokens give nothing. Never null.
     */
    byte[] tokenBytes(int id);

    /** The vocabulary piece as stored (e.g. {@code ▁the}, {@code <0x0A>}, {@code <bos>}). */
    String piece(int id);

    /** The id of a piece, if it is in the vocabulary. */
    OptionalInt tokenId(String piece);

    int bosId();

    int eosId();

    /** Control tokens (BOS, EOS, turn markers) that decoding skips. */
    boolean isControl(int id);

    /**
     * Decodes ids to text: concatenates {@link #tokenBytes} and decodes UTF-8 once, so characters
     * split across byte tokens come out whole. Implementations may override to strip a leading
     * space added by {@code add_space_prefix}.
     */
    default String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tokenBytes(id));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
