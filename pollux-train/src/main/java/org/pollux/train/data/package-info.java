/**
 * Training data: documents from text, zip and JSONL sources ({@link org.pollux.train.data.DocumentReader}),
 * tokenized once into memory-mapped shards ({@link org.pollux.train.data.TokenShard}), split into
 * training and validation by document, and served as a seeded mixture of shuffled streams with a
 * resumable {@link org.pollux.train.data.DataCursor} ({@link org.pollux.train.data.TrainingData},
 * {@link org.pollux.train.data.BatchIterator}).
 */
package org.pollux.train.data;
