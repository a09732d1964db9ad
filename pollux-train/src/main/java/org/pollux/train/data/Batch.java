package org.pollux.train.data;

/**
 * One batch of next-token prediction: {@code tokens} and {@code targets} are both
 * [batch][seqLen] row-major, and targets[i] is the token that follows tokens[i] in the stream.
 */
public record Batch(int[] tokens, int[] targets, int batch, int seqLen) {
    public Batch {
        if (tokens.length != batch * seqLen || targets.length != tokens.length) {
            throw new IllegalArgumentException("batch " + batch + " × " + seqLen + " does not match " + tokens.length
                    + " tokens and " + targets.length + " targets");
        }
    }
}
