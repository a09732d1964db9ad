package org.pollux.generate;

import java.util.List;

/**
 * Finds stop sequences in streamed text that arrives in arbitrary pieces. Text that could still be
 * the start of a stop sequence is held back until the next piece decides; the stop sequence itself
 * and anything after it are never released. Generation ends at the first stop sequence to be
 * completed, as if the text arrived one character at a time.
 */
public final class StopSequenceMatcher {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    public StopSequenceMatcher(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    /** Adds a piece; returns the text that is now safe to emit (possibly empty). */
    public String push(String piece) {
        if (stopped) {
            return "";
        }
        pending.append(piece);
        // The stop that completes first wins (then the one that starts first, i.e. the longer), so
        // the result is the same however the text was cut into pieces.
        int earliest = -1;
        int earliestEnd = Integer.MAX_VALUE;
        for (String s : stops) {
            int at = pending.indexOf(s);
            int end = at + s.length();
            if (at >= 0 && (end < earliestEnd || (end == earliestEnd && at < earliest))) {
                earliest = at;
                earliestEnd = end;
            }
        }
        if (earliest >= 0) {
            stopped = true;
            String out = pending.substring(0, earliest);
            pending.setLength(0);
            return out;
        }
        int hold = 0;
        String text = pending.toString();
        for (String s : stops) {
            int max = Math.min(s.length() - 1, text.length());
            for (int len = max; len > hold; len--) {
                if (text.regionMatches(text.length() - len, s, 0, len)) {
                    hold = len;
                    break;
                }
            }
        }
        String out = pending.substring(0, pending.length() - hold);
        pending.delete(0, pending.length() - hold);
        return out;
    }

    /** Whether a stop sequence was found. */
    public boolean stopped() {
        return stopped;
    }

    /** Releases held-back text at the end of generation (it was not a stop sequence after all). */
    public String flush() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }
}
