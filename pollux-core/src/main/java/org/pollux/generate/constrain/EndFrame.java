package org.pollux.generate.constrain;

import java.util.List;

/** The bottom of every thread: the top-level value is done and nothing may follow it. */
record EndFrame() implements Frame {
    static final EndFrame INSTANCE = new EndFrame();

    @Override
    public void step(int b, FrameStack below, List<FrameStack> out) {
        // Nothing may follow the value (no trailing whitespace either: the output ends at once).
    }

    @Override
    public boolean canEnd() {
        return true;
    }

    @Override
    public FrameStack complete(FrameStack below, StringBuilder out) {
        return below;
    }
}
