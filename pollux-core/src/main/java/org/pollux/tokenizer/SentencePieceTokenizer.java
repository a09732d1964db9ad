package org.pollux.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece-style BPE with byte fallback: spaces become {@code ▁}, characters merge pairwise,
 * and whatever is not a piece at the end is spelled with {@code <0xNN>} byte pieces.
 *
 * <p>Two merge orders exist in the wild: SentencePiece models (GGUF {@code "llama"} tokenizers,
 * {@code .model} files) merge the pair whose joined piece has the highest score; Hugging Face
 * {@code tokenizer.json} BPE models merge by the rank of the pair in their merge list. Both run
 * through {@link BpeEngine}.
 *
 * <p>With {@code addSpacePrefix} (Llama's SentencePiece, not Gemma's) a space is put before the
 * text and after every special token, as llama.cpp does, and decoding drops the leading one.
 */
public final class SentencePieceTokenizer extends VocabularyTokenizer {
    private static final byte[] NOTHING = new byte[0];
    /** What llama.cpp prints for the unknown token. */
    private static final byte[] UNKNOWN_TEXT = "\u2585".getBytes(StandardCharsets.UTF_8);

    private final Map<String, Integer> mergeRanks; // null: merge by score
    private final int unk;
    private final boolean addSpacePrefix;
    private final int[] byteIds = new int[256];
    private final BpeEngine.PairScorer scorer;

    private SentencePieceTokenizer(Vocabulary vocab, Map<String, Integer> mergeRanks, int bos, int eos, int unk,
            boolean addBos, boolean addSpacePrefix) {
        super(vocab, bos, eos, addBos);
        this.mergeRanks = mergeRanks;
        this.unk = unk;
        this.addSpacePrefix = addSpacePrefix;
        for (int b = 0; b < 256; b++) {
            byteIds[b] = vocab.idOrMinusOne(String.format("<0x%02X>", b));
        }
        this.scorer = mergeRanks == null
                ? (l, r) -> {
                    int id = vocab.idOrMinusOne(l + r);
                    return id < 0 ? Double.NaN : vocab.score(id);
                }
                : (l, r) -> {
                    Integer rank = mergeRanks.get(mergeKey(l, r));
                    return rank == null ? Double.NaN : -rank;
                };
    }

    static String mergeKey(String left, String right) {
        return left + '\u0001' + right;
    }

    /** A tokenizer that merges by piece score (SentencePiece, GGUF "llama"). */
    public static SentencePieceTokenizer byScores(Vocabulary v, int bos, int eos, int unk, boolean addBos,
            boolean addSpacePrefix) {
        return new SentencePieceTokenizer(v, null, bos, eos, unk, addBos, addSpacePrefix);
    }

    /** A tokenizer that merges by rank in {@code merges} (Hugging Face BPE); keys from {@link #mergeKey}. */
    static SentencePieceTokenizer byRanks(Vocabulary v, Map<String, Integer> merges, int bos, int eos, int unk,
            boolean addBos, boolean addSpacePrefix) {
        return new SentencePieceTokenizer(v, merges, bos, eos, unk, addBos, addSpacePrefix);
    }

    public boolean addSpacePrefix() {
        return addSpacePrefix;
    }

    public int unknownId() {
        return unk;
    }


    @Override
    public int[] encode(String text, boolean withBos, boolean parseSpecial) {
        List<Integer> out = new ArrayList<>();
        if (withBos) {
            out.add(bos);
        }
        boolean prevSpecial = true;
        for (SpecialTokenSplitter.Fragment f : splitter.split(text, parseSpecial)) {
            if (f.isToken()) {
                out.add(f.id());
                prevSpecial = true;
                continue;
            }
            String s = (addSpacePrefix && prevSpecial ? " " : "") + f.text();
            prevSpecial = false;
            for (String symbol : BpeEngine.merge(BpeEngine.codePoints(s.replace(' ', '\u2581')), scorer)) {
                int id = vocab.idOrMinusOne(symbol);
                if (id >= 0) {
                    out.add(id);
                    continue;
                }
                for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                    int bid = byteIds[b & 0xFF];
                    if (bid < 0 && unk < 0) {
                        throw new TokenizerException("no byte piece for 0x" + Integer.toHexString(b & 0xFF)
                                + " and no unknown token");
                    }
                    out.add(bid >= 0 ? bid : unk);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }


    @Override
    public byte[] tokenBytes(int id) {
        TokenType t = vocab.type(id);
        return switch (t) {
            case CONTROL, UNUSED -> NOTHING;
            case UNKNOWN -> UNKNOWN_TEXT;
            case BYTE -> new byte[] {(byte) Integer.parseInt(vocab.piece(id).substring(3, 5), 16)};
            default -> vocab.piece(id).replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
        };
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = ids.length > 0 && ids[0] == bos ? 1 : 0;
        for (int i = start; i < ids.length; i++) {
            byte[] b = tokenBytes(ids[i]);
            // The space that encoding put before the text is not part of it.
            if (i == start && addSpacePrefix && b.length > 0 && b[0] == ' ') {
                out.write(b, 1, b.length - 1);
            } else {
                out.writeBytes(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }





}
