package org.pollux.train.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pollux.gguf.GgufMetadata;
import org.pollux.gguf.GgufType;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufValue.GgufArray;
import org.pollux.tokenizer.TokenType;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;

/**
 * The result of {@link BpeTrainer}: the pieces in id order and the merges in the order they were
 * learned, with the GGUF metadata that the engine loads as a SentencePiece BPE tokenizer and the
 * trainer's own encoder (merges applied by rank) to check the engine against.
 *
 * <p>Representation: GGUF's {@code "llama"} tokenizer (what {@code Tokenizers.fromGguf} supports
 * for SentencePiece) merges the adjacent pair whose joined piece has the highest score. Scores
 * are therefore −(1 + merge rank) for learned pieces, so the earliest merge wins, and lower
 * still for single characters (which are never the result of a merge). Specials, bytes and
 * fillers score 0; they can never be formed by merging (see {@link BpeTrainer}).
 */
public final class TrainedTokenizer {
    private final String[] pieces;
    private final int charCount;
    private final int[][] merges;
    private final int unused;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Long, Integer> rankOf = new HashMap<>();

    TrainedTokenizer(String[] pieces, int charCount, int[][] merges, int unused) {
        this.pieces = pieces;
        this.charCount = charCount;
        this.merges = merges;
        this.unused = unused;
        for (int i = 0; i < pieces.length; i++) {
            ids.put(pieces[i], i);
        }
        for (int k = 0; k < merges.length; k++) {
            rankOf.put(((long) merges[k][0] << 32) | merges[k][1], k);
        }
    }

    public int vocabSize() {
        return pieces.length;
    }

    /** Pieces in id order (a copy). */
    public List<String> pieces() {
        return List.of(pieces);
    }

    /** Learned merges, earliest first. */
    public int mergeCount() {
        return merges.length;
    }

    /** Character pieces (including {@code ▁}). */
    public int characterCount() {
        return charCount;
    }

    /** {@code <unusedN>} fillers added because the sample had too few pairs. */
    public int unusedCount() {
        return unused;
    }

    private int firstMerge() {
        return BpeTrainer.FIRST_CHAR + charCount;
    }

    /** The {@code tokenizer.*} GGUF keys of this vocabulary (Gemma conventions: no space prefix, BOS added). */
    public Map<String, GgufValue> ggufMetadata() {
        int n = pieces.length;
        float[] scores = new float[n];
        long[] types = new long[n];
        for (int i = 0; i < n; i++) {
            TokenType t;
            if (i < BpeTrainer.FIRST_BYTE) {
                t = i == BpeTrainer.UNK ? TokenType.UNKNOWN : TokenType.CONTROL;
            } else if (i < BpeTrainer.FIRST_CHAR) {
                t = TokenType.BYTE;
            } else if (i < firstMerge() + merges.length) {
                t = TokenType.NORMAL;
                scores[i] = i >= firstMerge() ? -(1 + i - firstMerge())
                        : -(1 + merges.length + i - BpeTrainer.FIRST_CHAR);
            } else {
                t = TokenType.UNUSED;
            }
            types[i] = t.code();
        }
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
        m.put("tokenizer.ggml.pre", GgufValue.ofString("default"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(pieces.clone())));
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufArray.ofFloats(scores)));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufArray.ofInts(GgufType.INT32, types)));
        m.put("tokenizer.ggml.bos_token_id", GgufValue.ofU32(BpeTrainer.BOS));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.ofU32(BpeTrainer.EOS));
        m.put("tokenizer.ggml.unknown_token_id", GgufValue.ofU32(BpeTrainer.UNK));
        m.put("tokenizer.ggml.padding_token_id", GgufValue.ofU32(BpeTrainer.PAD));
        m.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(true));
        m.put("tokenizer.ggml.add_eos_token", GgufValue.ofBool(false));
        m.put("tokenizer.ggml.add_space_prefix", GgufValue.ofBool(false));
        return m;
    }

    /** The engine's tokenizer for this vocabulary, loaded from {@link #ggufMetadata()}. */
    public Tokenizer load() {
        return Tokenizers.fromGguf(new GgufMetadata(null, ggufMetadata()), "trained tokenizer");
    }

    /** {@link TokenizerHash} of {@link #ggufMetadata()}. */
    public String hash() {
        return TokenizerHash.of(ggufMetadata());
    }

    /**
     * The trainer's own encoding (no BOS): text cut into words, each word's characters merged by
     * rank (earliest learned merge first, every occurrence left to right), characters without a
     * piece spelled as UTF-8 byte pieces.
     */
    public int[] encode(String text) {
        int[] out = new int[Math.max(16, text.length() * 4)];
        int n = 0;
        for (String word : WordSplitter.words(WordSplitter.normalize(text))) {
            int[] sym = new int[word.length()];
            int len = 0;
            for (int i = 0; i <= word.length(); ) {
                int cp = i < word.length() ? word.codePointAt(i) : -1;
                Integer id = cp < 0 ? null : ids.get(Character.toString(cp));
                if (id != null && id >= BpeTrainer.FIRST_CHAR) {
                    sym[len++] = id;
                } else {
                    len = applyMerges(sym, len);
                    if (n + len + 4 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2 + len + 4);
                    }
                    System.arraycopy(sym, 0, out, n, len);
                    n += len;
                    len = 0;
                    if (cp >= 0) {
                        for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                            out[n++] = BpeTrainer.FIRST_BYTE + (b & 0xFF);
                        }
                    }
                }
                i += cp < 0 ? 1 : Character.charCount(cp);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Rank-order BPE on s[0..len): returns the new length. */
    private int applyMerges(int[] s, int len) {
        while (len > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < len; i++) {
                Integer r = rankOf.get(((long) s[i] << 32) | s[i + 1]);
                if (r != null && r < best) {
                    best = r;
                }
            }
            if (best == Integer.MAX_VALUE) {
                return len;
            }
            int left = merges[best][0];
            int right = merges[best][1];
            int merged = firstMerge() + best;
            int n = 0;
            for (int i = 0; i < len; i++) {
                if (i + 1 < len && s[i] == left && s[i + 1] == right) {
                    s[n++] = merged;
                    i++;
                } else {
                    s[n++] = s[i];
                }
            }
            len = n;
        }
        return len;
    }
}
