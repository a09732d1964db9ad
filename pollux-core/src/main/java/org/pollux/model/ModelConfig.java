package org.pollux.model;

/**
 * PROVISIONAL placeholder so the interfaces compile; the model work replaces it with the full
 * record (architecture, sizes, per-layer attention kinds, RoPE, norms, soft-caps, presets).
 */
public record ModelConfig(String architecture, int vocabSize, int contextLength) {}
