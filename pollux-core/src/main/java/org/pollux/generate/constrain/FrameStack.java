package org.pollux.generate.constrain;

/**
 * A recognizer thread: a frame and what follows it (immutable; threads share their tails). It is
 * as deep as the document is nested, so everything that walks it loops instead of recursing.
 */
final class FrameStack {
    private final Frame top;
    private final FrameStack below;
    private final int depth;

    FrameStack(Frame top, FrameStack below) {
        this.top = top;
        this.below = below;
        this.depth = below == null ? 1 : below.depth + 1;
    }

    Frame top() {
        return top;
    }

    FrameStack below() {
        return below;
    }

    /** Number of frames, this one included. */
    int depth() {
        return depth;
    }

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
        StringBuilder out = new StringBuilder();
        for (FrameStack s = this; s != null; ) {
            s = s.top.complete(s.below, out);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FrameStack other)) {
            return false;
        }
        FrameStack a = this;
        while (a != other) {
            if (a == null || other == null || a.depth != other.depth || !a.top.equals(other.top)) {
                return false;
            }
            a = a.below;
            other = other.below;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (FrameStack s = this; s != null; s = s.below) {
            h = 31 * h + s.top.hashCode();
        }
        return h;
    }
}
