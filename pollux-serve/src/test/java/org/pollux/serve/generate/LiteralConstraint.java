package org.pollux.serve.generate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pollux.generate.TokenConstraint;
import org.pollux.tokenizer.Tokenizer;

/**
 * A real {@link TokenConstraint} that forces one given text, token by token: the simplest
 * constrained decoder, standing in for the schema-driven one in tests of how the server uses
 * constraints.
 */
final class LiteralConstraint implements TokenConstraint {
    private final byte[] target;
    private final byte[][] pieces;
    private int pos;

    LiteralConstraint(String target, Tokenizer tok) {
        this.target = target.getBytes(StandardCharsets.UTF_8);
        this.pieces = new byte[tok.vocabSize()][];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = tok.tokenBytes(i);
        }
    }

    @Override
    public void mask(float[] logits, int vocab) {
        for (int i = 0; i < vocab; i++) {
            if (!fits(i)) {
                logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private boolean fits(int id) {
        byte[] p = id < pieces.length ? pieces[id] : new byte[0];
        return p.length > 0 && pos + p.length <= target.length
                && Arrays.equals(p, 0, p.length, target, pos, pos + p.length);
    }

    @Override
    public void accept(int token) {
        if (!fits(token)) {
            throw new IllegalStateException("token " + token + " was not allowed");
        }
        pos += pieces[token].length;
    }

    @Override
    public boolean isComplete() {
        return pos == target.length;
    }

    @Override
    public String completion() {
        return new String(target, pos, target.length - pos, StandardCharsets.UTF_8);
    }
}
