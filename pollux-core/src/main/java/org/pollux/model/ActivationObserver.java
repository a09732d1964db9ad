package org.pollux.model;

/**
 * Receives named intermediate activations during a forward pass (llama.cpp's names where they
 * exist: {@code inp_scaled}, {@code attn_norm}, {@code attn_out}, {@code ffn_out}, {@code l_out},
 * {@code result_norm}, {@code result_output}), so tests can diff layer by layer against a
 * reference. {@code data} holds {@code rows} rows and must not be kept or modified.
 */
@FunctionalInterface
public interface ActivationObserver {
    void onActivation(String name, int layer, float[] data, int rows);
}
