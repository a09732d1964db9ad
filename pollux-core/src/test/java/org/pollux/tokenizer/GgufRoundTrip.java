package org.pollux.tokenizer;

import org.pollux.gguf.GgufMetadata;

/** Writes a SentencePiece tokenizer's GGUF keys into metadata and loads a tokenizer from it. */
final class GgufRoundTrip {
    private GgufRoundTrip() {}

    static Tokenizer reload(SentencePieceBpeTokenizer t) {
        return Tokenizers.fromGguf(new GgufMetadata(null, t.toGgufMetadata()));
    }
}
