/**
 * Tokenizer training: byte-fallback BPE in SentencePiece style ({@link
 * org.pollux.train.tokenizer.BpeTrainer}), stored as GGUF {@code tokenizer.*} metadata that the
 * engine loads ({@link org.pollux.train.tokenizer.TrainedTokenizer}, {@link
 * org.pollux.train.tokenizer.TokenizerFiles}), and a fingerprint to tell tokenizers apart ({@link
 * org.pollux.train.tokenizer.TokenizerHash}).
 */
package org.pollux.train.tokenizer;
