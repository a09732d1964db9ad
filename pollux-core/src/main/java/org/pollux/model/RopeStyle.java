package org.pollux.model;

/**
 * How RoPE pairs the values of a head. {@code NEOX} rotates (x_i, x_{i+D/2}) — Gemma, whose GGUF
 * tensors are not permuted; {@code NORM} rotates adjacent pairs (x_{2i}, x_{2i+1}) — Llama GGUFs,
 * whose converter permutes q/k into that layout (and llama2.c checkpoints, which use it natively).
 */
public enum RopeStyle {
    NEOX,
    NORM
}
