package org.pollux.generate.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The pattern automaton agrees with java.util.regex ("find" semantics, as JSON Schema's pattern). */
class CharDfaTest {
    private static final String[] PATTERNS = {"^[a-c]+$", "b", "^a|c$", "^(ab|ba)*c?$", "^a{2,3}b{0,2}$",
        "[^ab]", "^\\d+(\\.\\d{1,2})?$", "^(?:a|b)c+", "x\\.y", "^[\\w-]+@b$", "^.{2}$", "^(a(b)?)+$", "^[a-c.-]$",
        "c{3,}", "^$"};

    @Property(tries = 2000, seed = "20261122")
    void matchesLikeJavaRegex(@ForAll @IntRange(min = 0, max = 14) int which,
            @ForAll @StringLength(max = 6) @CharRange(from = '.', to = 'e') String text) {
        String pattern = PATTERNS[which];
        CharDfa dfa = CharDfa.compile(pattern, 0, Integer.MAX_VALUE, "p");
        int s = dfa.start;
        int i = 0;
        for (; i < text.length() && s >= 0; i++) {
            s = dfa.step(s, text.charAt(i));
        }
        boolean ours = s >= 0 && dfa.accepts(s, text.length());
        assertThat(ours).as("%s on %s", pattern, text).isEqualTo(Pattern.compile(pattern).matcher(text).find());
    }

    @Property(tries = 300, seed = "20261122")
    void shortestCompletionIsAcceptedAndLengthLimitsHold(@ForAll @IntRange(min = 0, max = 14) int which,
            @ForAll @IntRange(min = 0, max = 3) int minLength, @ForAll @IntRange(min = 0, max = 6) int extra) {
        String pattern = PATTERNS[which];
        int maxLength = minLength + extra;
        CharDfa dfa;
        try {
            dfa = CharDfa.compile(pattern, minLength, maxLength, "p");
        } catch (InvalidSchemaException e) {
            // Allowed only when no string of an allowed length matches (e.g. "^$" with minLength 1).
            assertThat(e.getMessage()).contains("no string of length");
            return;
        }
        int[] cps = dfa.shortestCompletion(dfa.start, 0);
        String s = new String(cps, 0, cps.length);
        assertThat(s.length()).isBetween(minLength, maxLength);
        assertThat(Pattern.compile(pattern).matcher(s).find()).as("%s → %s", pattern, s).isTrue();
    }
}
