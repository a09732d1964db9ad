/**
 * The trainable Gemma model ({@link org.pollux.train.model.TrainableModel}), its parameters,
 * training presets and the GGUF export the engine loads (contract: the engine's logits equal the
 * training forward's).
 */
package org.pollux.train.model;
