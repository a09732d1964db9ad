package org.pollux.generate.constrain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import org.pollux.tokenizer.Gpt2Tokenizer;
import org.pollux.tokenizer.SentencePieceTokenizer;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Vocabulary;

/**
 * What constrained decoding needs to know about a tokenizer's vocabulary, computed once per
 * tokenizer and cached: each token's real UTF-8 bytes (byte-fallback tokens, SentencePiece
 * {@code ▁}, GPT-2 byte-level pieces all decoded through {@link Tokenizer#tokenBytes}), and two
 * tries over them. Special tokens (see {@link #isSpecial}) and tokens without text never appear
 * inside JSON.
 *
 * <p>"Plain" tokens are whole UTF-8 characters with no quote, backslash or control character:
 * inside a string without pattern any of them is valid wherever its length fits, so the mask
 * allows them by a length check instead of walking them, and inside a string with a pattern it
 * walks their own trie with the pattern's automaton alone. The {@link #special} trie holds the
 * others (usually a few percent of a vocabulary).
 */
public final class TokenVocabulary {
    private static final Pattern UNUSED_PIECE = Pattern.compile("<unused[0-9]+>");
    private static final Map<Tokenizer, TokenVocabulary> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    final int size;
    /** Token text, or null for tokens never allowed inside JSON. */
    final byte[][] bytes;
    final TokenTrie all;
    final TokenTrie special;
    /** The plain tokens, for walking them with a pattern's automaton. */
    final TokenTrie plain;
    /** Plain tokens sorted by their number of code points, and those numbers. */
    final int[] plainByLength;
    final int[] plainLength;

    private TokenVocabulary(Tokenizer tokenizer) {
        size = tokenizer.vocabSize();
        bytes = new byte[size][];
        List<Integer> usable = new ArrayList<>();
        List<Integer> nonPlain = new ArrayList<>();
        List<Integer> plainIds = new ArrayList<>();
        long[] plain = new long[size]; // (code points << 32) | id
        Vocabulary vocabulary = tokenizer instanceof SentencePieceTokenizer sp ? sp.vocabulary()
                : tokenizer instanceof Gpt2Tokenizer g ? g.vocabulary() : null;
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int plainCount = 0;
        for (int id = 0; id < size; id++) {
            byte[] b = tokenizer.tokenBytes(id);
            if (b.length == 0 || isSpecial(tokenizer, vocabulary, id)) {
                continue;
            }
            bytes[id] = b;
            usable.add(id);
            int chars = plainChars(b, utf8);
            if (chars > 0) {
                plain[plainCount++] = ((long) chars << 32) | id;
                plainIds.add(id);
            } else {
                nonPlain.add(id);
            }
        }
        all = new TokenTrie(usable.stream().mapToInt(Integer::intValue).toArray(), bytes);
        special = new TokenTrie(nonPlain.stream().mapToInt(Integer::intValue).toArray(), bytes);
        this.plain = new TokenTrie(plainIds.stream().mapToInt(Integer::intValue).toArray(), bytes);
        long[] sorted = Arrays.copyOf(plain, plainCount);
        Arrays.sort(sorted);
        plainByLength = new int[plainCount];
        plainLength = new int[plainCount];
        for (int i = 0; i < plainCount; i++) {
            plainByLength[i] = (int) sorted[i];
            plainLength[i] = (int) (sorted[i] >>> 32);
        }
    }

    /** The vocabulary of {@code tokenizer}, built on first use and then shared. */
    public static TokenVocabulary of(Tokenizer tokenizer) {
        return CACHE.computeIfAbsent(tokenizer, TokenVocabulary::new);
    }

    /** Number of tokens. */
    public int size() {
        return size;
    }

    /** The text of token {@code id}, or null when it may never appear inside JSON. */
    byte[] bytes(int id) {
        return id >= 0 && id < size ? bytes[id] : null;
    }

    /** Number of nodes in the trie over all usable tokens (for diagnostics). */
    public int trieNodes() {
        return all.nodeCount();
    }

    /**
     * Tokens that stand for something other than their text: control tokens, the unknown token,
     * unused slots, and Gemma's reserved {@code <unusedN>} pieces (user-defined tokens, like
     * the newline and space runs and HTML tags that real text uses, which therefore stay).
     */
    private static boolean isSpecial(Tokenizer tokenizer, Vocabulary vocabulary, int id) {
        if (tokenizer.isControl(id)) {
            return true;
        }
        if (vocabulary == null) {
            return false;
        }
        return switch (vocabulary.type(id)) {
            case CONTROL, UNKNOWN, UNUSED -> true;
            case USER_DEFINED -> UNUSED_PIECE.matcher(vocabulary.piece(id)).matches();
            default -> false;
        };
    }

    /** Code points of a plain token (see class comment), or 0 when the token is not plain. */
    private static int plainChars(byte[] b, CharsetDecoder utf8) {
        for (byte x : b) {
            int v = x & 0xFF;
            if (v < 0x20 || v == '"' || v == '\\') {
                return 0;
            }
        }
        try {
            CharSequence s = utf8.reset().decode(ByteBuffer.wrap(b));
            return (int) s.codePoints().count();
        } catch (CharacterCodingException e) {
            return 0;
        }
    }
}
