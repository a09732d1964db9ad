package org.pollux.tokenizer;

/** Resolves one textual merge ("left", "right") against a vocabulary into a {@link MergeTable}. */
final class MergeLists {
    private MergeLists() {}

    static void add(MergeTable table, Vocabulary vocab, String left, String right, String source, int index) {
        int l = vocab.id(left);
        int r = vocab.id(right);
        int merged = vocab.id(left + right);
        if (l == Vocabulary.NONE || r == Vocabulary.NONE || merged == Vocabulary.NONE) {
            String missing = l == Vocabulary.NONE ? left : r == Vocabulary.NONE ? right : left + right;
            throw new TokenizerException(source, "merge " + index + " ('" + left + "', '" + right
                    + "'): '" + missing + "' is not in the vocabulary");
        }
        table.add(l, r, merged);
    }
}
