package org.pollux.serve.generate.prompt;

/** A prompt as text (after the chat template) and as the token ids the model reads. */
public record RenderedPrompt(String text, int[] tokens) {
    public int length() {
        return tokens.length;
    }
}
