package org.pollux.generate.constrain;

/** A recognizer thread: a frame and what follows it (immutable; threads share their tails). */
record FrameStack(Frame top, FrameStack below) {

    /** Whether every frame may finish now, so the whole text may end here. */
    boolean canEnd() {
        for (FrameStack s = this; s != null; s = s.below) {
            if (!s.top.canEnd()) {
                return false;
            }
        }
        return true;
    }

    /** The shortest text that completes this thread. */
    String complete() {
        return top.complete(below);
    }

    /** Text completing {@code s}, where null is the (already complete) bottom. */
    static String complete(FrameStack s) {
        return s == null ? "" : s.complete();
    }
}
