package org.pollux.model;

/** The gated feed-forward's activation: Gemma's tanh-approximated GELU, Llama's SiLU. */
public enum Activation {
    GELU_TANH,
    SILU
}
