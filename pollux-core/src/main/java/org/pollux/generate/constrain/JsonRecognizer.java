package org.pollux.generate.constrain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental, byte-at-a-time recognizer of the JSON documents a {@link JsonSchema} accepts.
 * Immutable: {@link #advance} returns the next state (or null when the byte makes the text
 * invalid), so a token mask can explore many continuations from one state.
 *
 * <p>A state is a set of threads ({@link FrameStack}s), one per way the text so far may continue
 * (anyOf alternatives, candidate keys); equal threads are merged. Every state that exists can
 * still be completed, so {@link #completion()} never fails.
 *
 * <p>What it accepts is a subset of what the schema allows, chosen so that every generation ends:
 * properties in declaration (or {@code propertyOrdering}) order, at most
 * {@value Frame#MAX_WHITESPACE} whitespace bytes in each gap, numbers without exponent and with a
 * bounded number of digits, no surrogate escapes, undeclared keys only where
 * {@code additionalProperties} is a schema, and no whitespace after the top-level value.
 */
public final class JsonRecognizer {
    private final FrameStack[] threads;
    private byte canEnd = -1; // lazily computed: −1 unknown, 0 false, 1 true
    private byte canContinue = -1;

    private JsonRecognizer(FrameStack[] threads) {
        this.threads = threads;
    }

    static JsonRecognizer start(SchemaNode root) {
        return new JsonRecognizer(new FrameStack[] {
                new FrameStack(new ValueFrame(root), new FrameStack(EndFrame.INSTANCE, null))});
    }

    /** The state after byte {@code b} (0–255), or null when no valid document continues that way. */
    public JsonRecognizer advance(int b) {
        List<FrameStack> out = new ArrayList<>(threads.length + 2);
        for (FrameStack t : threads) {
            t.top().step(b, t.below(), out);
        }
        if (out.isEmpty()) {
            return null;
        }
        return new JsonRecognizer(distinct(out));
    }

    /** The state after all of {@code bytes}, or null. */
    public JsonRecognizer advance(byte[] bytes) {
        JsonRecognizer r = this;
        for (int i = 0; i < bytes.length && r != null; i++) {
            r = r.advance(bytes[i] & 0xFF);
        }
        return r;
    }

    /** The state after the UTF-8 bytes of {@code text}, or null. */
    public JsonRecognizer advance(String text) {
        return advance(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the text so far is a complete, valid document (it may still be extendable, e.g. a number). */
    public boolean canEnd() {
        if (canEnd < 0) {
            boolean any = false;
            for (FrameStack t : threads) {
                any |= t.canEnd();
            }
            canEnd = (byte) (any ? 1 : 0);
        }
        return canEnd == 1;
    }

    /** Whether some byte may still follow. */
    public boolean canContinue() {
        if (canContinue < 0) {
            boolean any = false;
            for (int b = 0; b < 256 && !any; b++) {
                any = advance(b) != null;
            }
            canContinue = (byte) (any ? 1 : 0);
        }
        return canContinue == 1;
    }

    /** Whether the document is complete and nothing may follow. */
    public boolean isComplete() {
        return canEnd() && !canContinue();
    }

    /**
     * The shortest text that makes the document complete ("" when it already may end). If the input
     * stopped inside a multi-byte character, that character's bytes are taken as dropped: the
     * completion follows the characters before it.
     */
    public String completion() {
        if (canEnd()) {
            return "";
        }
        String best = null;
        for (FrameStack t : threads) {
            String c = t.complete();
            if (best == null || c.length() < best.length()) {
                best = c;
            }
        }
        return best;
    }

    /**
     * For the token mask's fast path: the string frames when every thread is inside string content
     * (after its opening quote, not inside an escape or a multi-byte character), else null.
     */
    StringFrame[] stringContent() {
        StringFrame[] out = new StringFrame[threads.length];
        for (int i = 0; i < threads.length; i++) {
            if (!(threads[i].top() instanceof StringFrame s) || s.phase() != StringFrame.CONTENT) {
                return null;
            }
            out[i] = s;
        }
        return out;
    }

    /** Number of threads (for tests and diagnostics). */
    int threadCount() {
        return threads.length;
    }

    private static FrameStack[] distinct(List<FrameStack> out) {
        if (out.size() == 1) {
            return new FrameStack[] {out.get(0)};
        }
        List<FrameStack> unique = new ArrayList<>(out.size());
        for (FrameStack t : out) {
            if (!unique.contains(t)) {
                unique.add(t);
            }
        }
        return unique.toArray(FrameStack[]::new);
    }
}
