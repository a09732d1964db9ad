package org.pollux.train.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains a byte-fallback BPE vocabulary, SentencePiece style, from sample text.
 *
 * <p>Vocabulary layout (ids): the Gemma specials {@code <pad>}=0, {@code <eos>}=1, {@code <bos>}=2,
 * {@code <unk>}=3, then {@code <start_of_turn>}, {@code <end_of_turn>} (so the engine detects the
 * Gemma chat template), the 256 byte pieces {@code <0x00>}…{@code <0xFF>}, the characters that
 * cover {@code characterCoverage} of the sample (always {@code ▁}; by count, ties by code point),
 * the learned merges in the order they were learned, and {@code <unusedN>} fillers up to the
 * requested size if the sample runs out of pairs. Characters left out are spelled in bytes.
 *
 * <p>Algorithm: words ({@link WordSplitter}) are counted once; pair counts are kept up to date
 * incrementally (only the words holding the merged pair are touched) and the best pair comes
 * from a priority queue with lazy invalidation, so a merge costs what its words cost, not a
 * recount of the sample. Best = highest count; ties go to the smaller left id, then the smaller
 * right id, so training is deterministic. Pairs occurring only once are not merged.
 *
 * <p>Two kinds of pair are never merged, because the engine merges by piece <em>score</em>
 * (any two adjacent symbols whose concatenation is a piece) rather than by merge rank: a pair
 * whose concatenation is already a piece (it would be a second route to the same piece), and a
 * piece starting with {@code <} or ending with {@code >} (then two learned pieces can never join
 * into a special or byte piece such as {@code <0x41>} and change what text decodes to).
 */
public final class BpeTrainer {
    /** Special pieces at ids 0…5, Gemma's order for the first four. */
    public static final List<String> SPECIALS = List.of("<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>",
            "<end_of_turn>");
    public static final int PAD = 0;
    public static final int EOS = 1;
    public static final int BOS = 2;
    public static final int UNK = 3;
    /** Id of {@code <0x00>}. */
    public static final int FIRST_BYTE = SPECIALS.size();
    /** Id of the first character piece. */
    public static final int FIRST_CHAR = FIRST_BYTE + 256;
    /** SentencePiece's default: characters beyond 99.95% of occurrences fall back to bytes. */
    public static final double DEFAULT_CHARACTER_COVERAGE = 0.9995;

    private record Candidate(long count, int left, int right) {}

    private final List<String> pieces = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<int[]> merges = new ArrayList<>();
    private int[][] words;
    private long[] freq;
    private final Map<Long, Long> pairCount = new HashMap<>();
    private final Map<Long, IntList> pairWords = new HashMap<>();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) -> a.count != b.count
            ? Long.compare(b.count, a.count)
            : a.left != b.left ? Integer.compare(a.left, b.left) : Integer.compare(a.right, b.right));

    private BpeTrainer() {}

    /**
     * Trains a vocabulary of exactly {@code vocabSize} pieces from {@code texts}.
     *
     * @throws IllegalArgumentException when the size leaves no room for a character, or the
     *     sample is empty
     */
    public static TrainedTokenizer train(Iterable<String> texts, int vocabSize, double characterCoverage) {
        if (vocabSize < FIRST_CHAR + 1) {
            throw new IllegalArgumentException("tokenizer vocabulary size " + vocabSize + " is too small: "
                    + FIRST_CHAR + " pieces are fixed (" + SPECIALS.size() + " special, 256 bytes) and '▁' needs one more");
        }
        if (!(characterCoverage > 0 && characterCoverage <= 1)) {
            throw new IllegalArgumentException("character coverage must be in (0, 1], got " + characterCoverage);
        }
        BpeTrainer t = new BpeTrainer();
        return t.run(texts, vocabSize, characterCoverage);
    }

    private TrainedTokenizer run(Iterable<String> texts, int vocabSize, double coverage) {
        Map<String, Long> wordCounts = new HashMap<>();
        for (String text : texts) {
            for (String w : WordSplitter.words(WordSplitter.normalize(text))) {
                wordCounts.merge(w, 1L, Long::sum);
            }
        }
        if (wordCounts.isEmpty()) {
            throw new IllegalArgumentException("cannot train a tokenizer: the sample text is empty");
        }
        for (String s : SPECIALS) {
            addPiece(s);
        }
        for (int b = 0; b < 256; b++) {
            addPiece(String.format("<0x%02X>", b));
        }
        chooseCharacters(wordCounts, vocabSize - FIRST_CHAR, coverage);
        int charCount = pieces.size() - FIRST_CHAR;
        buildWords(wordCounts);
        while (pieces.size() < vocabSize && !queue.isEmpty()) {
            Candidate c = queue.poll();
            long key = key(c.left, c.right);
            long now = pairCount.getOrDefault(key, 0L);
            if (now != c.count) {
                if (now > 0) {
                    queue.add(new Candidate(now, c.left, c.right)); // counts of old pairs only fall: re-queue
                }
                continue;
            }
            if (c.count < 2) {
                break;
            }
            String joined = pieces.get(c.left) + pieces.get(c.right);
            if (ids.containsKey(joined) || joined.startsWith("<") || joined.endsWith(">")) {
                continue;
            }
            merge(c.left, c.right, addPiece(joined));
        }
        int learned = merges.size();
        for (int k = 0; pieces.size() < vocabSize; k++) {
            addPiece("<unused" + k + ">");
        }
        return new TrainedTokenizer(pieces.toArray(new String[0]), charCount, merges.toArray(new int[0][]),
                pieces.size() - FIRST_CHAR - charCount - learned);
    }

    private int addPiece(String p) {
        int id = pieces.size();
        pieces.add(p);
        ids.put(p, id);
        return id;
    }

    private void chooseCharacters(Map<String, Long> wordCounts, int room, double coverage) {
        Map<Integer, Long> counts = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> e : wordCounts.entrySet()) {
            String w = e.getKey();
            for (int i = 0; i < w.length(); ) {
                int cp = w.codePointAt(i);
                counts.merge(cp, e.getValue(), Long::sum);
                total += e.getValue();
                i += Character.charCount(cp);
            }
        }
        List<Map.Entry<Integer, Long>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        addPiece(String.valueOf(WordSplitter.SPACE));
        long covered = counts.getOrDefault((int) WordSplitter.SPACE, 0L);
        for (Map.Entry<Integer, Long> e : byCount) {
            if (pieces.size() - FIRST_CHAR >= room || covered >= coverage * total) {
                break;
            }
            if (e.getKey() != WordSplitter.SPACE) {
                addPiece(Character.toString(e.getKey()));
                covered += e.getValue();
            }
        }
    }

    /** Words as id arrays, cut at characters without a piece (those are spelled in bytes and never merge). */
    private void buildWords(Map<String, Long> wordCounts) {
        Map<List<Integer>, Long> segments = new HashMap<>();
        List<Integer> current = new ArrayList<>();
        for (Map.Entry<String, Long> e : wordCounts.entrySet()) {
            String w = e.getKey();
            for (int i = 0; i <= w.length(); ) {
                int cp = i < w.length() ? w.codePointAt(i) : -1;
                Integer id = cp < 0 ? null : ids.get(Character.toString(cp));
                if (id == null) {
                    if (current.size() > 1) {
                        segments.merge(List.copyOf(current), e.getValue(), Long::sum);
                    }
                    current.clear();
                } else {
                    current.add(id);
                }
                i += cp < 0 ? 1 : Character.charCount(cp);
            }
        }
        // A fixed order (lexicographic by ids), so nothing depends on hash iteration order.
        List<Map.Entry<List<Integer>, Long>> sorted = new ArrayList<>(segments.entrySet());
        sorted.sort((a, b) -> Arrays.compare(toArray(a.getKey()), toArray(b.getKey())));
        words = new int[sorted.size()][];
        freq = new long[sorted.size()];
        for (int w = 0; w < words.length; w++) {
            words[w] = toArray(sorted.get(w).getKey());
            freq[w] = sorted.get(w).getValue();
            countPairs(w, 1, null);
        }
        pairCount.forEach((k, n) -> queue.add(new Candidate(n, (int) (k >>> 32), (int) (long) k)));
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Adds sign·freq for every adjacent pair of word w; links w to the pairs (all when newId is null, else those holding newId). */
    private void countPairs(int w, int sign, Integer newId) {
        int[] s = words[w];
        for (int i = 0; i + 1 < s.length; i++) {
            long k = key(s[i], s[i + 1]);
            long n = pairCount.getOrDefault(k, 0L) + sign * freq[w];
            if (n == 0) {
                pairCount.remove(k);
            } else {
                pairCount.put(k, n);
            }
            if (sign > 0 && (newId == null || s[i] == newId || s[i + 1] == newId)) {
                pairWords.computeIfAbsent(k, x -> new IntList()).add(w);
            }
        }
    }

    private void merge(int left, int right, int newId) {
        merges.add(new int[] {left, right});
        IntList holders = pairWords.remove(key(left, right));
        Set<Long> created = new LinkedHashSet<>();
        int lastWord = -1;
        for (int j = 0; j < holders.size; j++) {
            int w = holders.data[j];
            if (w == lastWord) {
                continue; // a word is linked once per occurrence; it is rewritten once
            }
            lastWord = w;
            int[] s = words[w];
            if (!contains(s, left, right)) {
                continue; // stale link: an earlier merge took the pair apart
            }
            countPairs(w, -1, null);
            int[] out = new int[s.length];
            int n = 0;
            for (int i = 0; i < s.length; i++) {
                if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
                    out[n++] = newId;
                    i++;
                } else {
                    out[n++] = s[i];
                }
            }
            words[w] = Arrays.copyOf(out, n);
            countPairs(w, 1, newId);
            for (int i = 0; i + 1 < n; i++) {
                if (out[i] == newId || out[i + 1] == newId) {
                    created.add(key(out[i], out[i + 1]));
                }
            }
        }
        for (long k : created) {
            Long n = pairCount.get(k);
            if (n != null) {
                queue.add(new Candidate(n, (int) (k >>> 32), (int) k));
            }
        }
    }

    private static boolean contains(int[] s, int left, int right) {
        for (int i = 0; i + 1 < s.length; i++) {
            if (s[i] == left && s[i + 1] == right) {
                return true;
            }
        }
        return false;
    }

    /** A growable int array (word links per pair), cheaper than boxed lists at this volume. */
    private static final class IntList {
        int[] data = new int[4];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }
}
