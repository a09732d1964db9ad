package org.pollux.tokenizer;

/** SentencePiece's whitespace escaping: spaces are stored as U+2581 "▁" inside pieces. */
final class SentencePieceText {
    static final char SPACE = '\u2581';

    private SentencePieceText() {}

    /** Replaces every ' ' with ▁, after prepending one space when {@code addPrefix}. */
    static String escape(String text, boolean addPrefix) {
        String t = addPrefix ? " " + text : text;
        return t.replace(' ', SPACE);
    }
}
