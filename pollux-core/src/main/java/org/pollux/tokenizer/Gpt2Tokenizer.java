package org.pollux.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Byte-level BPE (GPT-2, Llama 3): text is cut into words by a {@link ByteLevelPreTokenizer}, each word's UTF-8
 * bytes are mapped to printable characters (so every byte has a symbol and nothing is unknown),
 * and pairs merge by their rank in the merge list.
 */
public final class Gpt2Tokenizer extends VocabularyTokenizer {
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
    private final ByteLevelPreTokenizer preTokenizer;

    Gpt2Tokenizer(Vocabulary vocab, String[] merges, ByteLevelPreTokenizer preTokenizer, int bos, int eos, boolean addBos) {
        super(vocab, bos, eos, addBos);
        this.preTokenizer = preTokenizer;
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
            Matcher m = preTokenizer.pattern().matcher(f.text());
            while (m.find()) {
                byte[] bytes = m.group().getBytes(StandardCharsets.UTF_8);
                if (preTokenizer.ignoreMerges()) {
                    int whole = vocab.idOrMinusOne(byteLevel(bytes));
                    if (whole >= 0) {
                        out.add(whole);
                        continue;
                    }
                }
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


    private static String byteLevel(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
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
