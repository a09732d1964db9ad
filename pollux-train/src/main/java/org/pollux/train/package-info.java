/**
 * Training from scratch ({@code pollux train}): autograd, the Gemma-architecture training model,
 * AdamW, data shards, tokenizer training, checkpoints and GGUF export.
 */
package org.pollux.train;
