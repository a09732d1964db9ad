/**
 * Checkpoints: weights and AdamW moments as safetensors, the rest of the training state as JSON,
 * written atomically with the newest N kept, and read back with errors that name the file and the
 * field ({@link org.pollux.train.checkpoint.Checkpoints}, {@link org.pollux.train.checkpoint.ConfigMatch}).
 */
package org.pollux.train.checkpoint;
