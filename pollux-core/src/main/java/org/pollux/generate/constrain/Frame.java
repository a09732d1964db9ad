package org.pollux.generate.constrain;

import java.util.List;

/**
 * One level of a recognizer thread: what is left to read of one JSON value (an object after its
 * {@code {}, a string after its opening quote, …). A thread is a stack of frames; the frame below
 * is what follows once this one is done, so a frame that finishes simply pops itself.
 *
 * <p>Frames are immutable records (equal frames are equal threads, which lets the recognizer drop
 * duplicates). Every frame a step produces can still be completed: dead ends are refused at the
 * byte that would enter them, which is what makes the token mask safe to sample from.
 */
interface Frame {
    /** Whitespace bytes allowed in one gap between tokens of JSON: a model cannot pad forever. */
    int MAX_WHITESPACE = 24;
    /** Thread depth past which a schema-less ("any") value may not open another object or array. */
    int MAX_ANY_DEPTH = 256;

    /** Reads byte {@code b} (0–255) with {@code below} as continuation; adds each resulting thread to {@code out}. */
    void step(int b, FrameStack below, List<FrameStack> out);

    /** Whether this frame may finish without reading more (a number that is already valid). */
    default boolean canEnd() {
        return false;
    }

    /**
     * Appends the shortest text that finishes this frame and returns what must be completed after
     * it (usually {@code below}; a frame may hand on a changed continuation). When the input
     * stopped inside a multi-byte character, that character's bytes are taken as dropped (see
     * {@link JsonConstraint#completion()}).
     */
    FrameStack complete(FrameStack below, StringBuilder out);

    static boolean isWhitespace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
