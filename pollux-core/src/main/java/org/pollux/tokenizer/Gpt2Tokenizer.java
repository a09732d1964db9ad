package org.pollux.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level BPE: text is cut into words by GPT-2's pre-tokenizer pattern, each word's UTF-8
 * bytes are mapped to printable characters (so every byte has a symbol and nothing is unknown),
 * and pairs merge by their rank in the merge list.
 */
public final class Gpt2Tokenizer extends VocabularyTokenizer {
    /**
     * GPT-2's pattern with the trailing {@code \s+} alternative that the reference implementations
     * use, so whitespace before a non-space is not dropped.
     */
    static final Pattern PRE_TOKENIZER = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final Map<Character, Integer> CHAR_TO_BYTE = new HashMap<>();

    static {
        // Printable Latin-1 bytes map to themselves; the rest to U+0100 and up, in byte order.
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = (char) (printable ? b : next++);
            CHAR_TO_BYTE.put(BYTE_TO_CHAR[b], b);
        }
    }

    private final Map<String, Integer> ranks;

    Gpt2Tokenizer(Vocabulary vocab, String[] merges, int bos, int eos, boolean addBos) {
        super(vocab, bos, eos, addBos);
        this.ranks = new HashMap<>(merges.length * 2);
        for (int i = 0; i < merges.length; i++) {
            int sp = merges[i].indexOf(' ');
            if (sp <= 0 || sp == merges[i].length() - 1) {
                throw new TokenizerException("merge #" + i + " '" + merges[i] + "' is not two symbols separated by a space");
            }
            ranks.putIfAbsent(SentencePieceTokenizer.mergeKey(merges[i].substring(0, sp), merges[i].substring(sp + 1)), i);
        }
    }


    @Override
    public int[] encode(String text, boolean withBos, boolean parseSpecial) {
        List<Integer> out = new ArrayList<>();
        if (withBos) {
            out.add(bos);
        }
        BpeEngine.PairScorer scorer = (l, r) -> {
            Integer rank = ranks.get(SentencePieceTokenizer.mergeKey(l, r));
            return rank == null ? Double.NaN : -rank;
        };
        for (SpecialTokenSplitter.Fragment f : splitter.split(text, parseSpecial)) {
            if (f.isToken()) {
                out.add(f.id());
                continue;
            }
            Matcher m = PRE_TOKENIZER.matcher(f.text());
            while (m.find()) {
                byte[] bytes = m.group().getBytes(StandardCharsets.UTF_8);
                List<String> symbols = new ArrayList<>(bytes.length);
                for (byte b : bytes) {
                    symbols.add(String.valueOf(BYTE_TO_CHAR[b & 0xFF]));
                }
                for (String s : BpeEngine.merge(symbols, scorer)) {
                    int id = vocab.idOrMinusOne(s);
                    if (id < 0) {
                        throw new TokenizerException("byte-level symbol '" + s + "' is not in the vocabulary");
                    }
                    out.add(id);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }


    @Override
    public byte[] tokenBytes(int id) {
        if (vocab.type(id) == TokenType.CONTROL) {
            return new byte[0];
        }
        String p = vocab.piece(id);
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length());
        for (int i = 0; i < p.length(); i++) {
            Integer b = CHAR_TO_BYTE.get(p.charAt(i));
            if (b == null) {
                // Not a byte-level piece (e.g. a user-defined token): its text as is.
                return p.getBytes(StandardCharsets.UTF_8);
            }
            out.write(b);
        }
        return out.toByteArray();
    }





}
