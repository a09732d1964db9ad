package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The two stream filters of the generator: UTF-8 hold-back and stop-sequence hold-back. */
class StreamingTest {
    @Test
    void utf8CharactersAreNeverSplitAcrossByteTokens() {
        Utf8Streamer s = new Utf8Streamer(new ByteTokenizer());
        List<String> pieces = new ArrayList<>();
        for (byte x : "a€😀b".getBytes(StandardCharsets.UTF_8)) {
            pieces.add(s.push(x & 0xFF));
        }
        pieces.add(s.flush());
        // 'a', then € after its 3rd byte, 😀 after its 4th, then 'b'.
        assertThat(pieces).containsExactly("a", "", "", "€", "", "", "", "😀", "b", "");
    }

    @Test
    void bytesThatCanNeverCompleteAreReleasedAsReplacementCharacters() {
        Utf8Streamer s = new Utf8Streamer(new ByteTokenizer());
        assertThat(s.push(0xE2)).isEmpty();
        assertThat(s.push('a')).isEqualTo("\uFFFDa");
        assertThat(s.push(0xF0)).isEmpty();
        assertThat(s.push(0x9F)).isEmpty();
        assertThat(s.flush()).isEqualTo("\uFFFD");
        assertThat(s.flush()).isEmpty();
    }

    @Property(tries = 300, seed = "20261122")
    void utf8StreamingEqualsDecodingTheWholeForAnyCut(@ForAll @Size(max = 24) List<@IntRange(min = 0, max = 6) Integer> kinds,
            @ForAll("cuts") List<Integer> cuts) {
        String[] alphabet = {"a", " ", "é", "€", "😀", "ß", "中"};
        StringBuilder text = new StringBuilder();
        kinds.forEach(k -> text.append(alphabet[k]));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        List<byte[]> table = new ArrayList<>();
        int at = 0;
        for (int cut : cuts) {
            if (at >= bytes.length) {
                break;
            }
            int end = Math.min(bytes.length, at + cut);
            table.add(Arrays.copyOfRange(bytes, at, end));
            at = end;
        }
        if (at < bytes.length) {
            table.add(Arrays.copyOfRange(bytes, at, bytes.length));
        }
        Utf8Streamer s = new Utf8Streamer(new TableTokenizer(table));
        StringBuilder out = new StringBuilder();
        for (int id = 0; id < table.size(); id++) {
            String piece = s.push(id);
            assertThat(piece).doesNotContain("\uFFFD");
            out.append(piece);
        }
        out.append(s.flush());
        assertThat(out.toString()).isEqualTo(text.toString());
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 5).list().ofMaxSize(100);
    }

    @Test
    void heldBackPrefixIsReleasedWhenItTurnsOutNotToBeAStop() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("END"));
        assertThat(m.push("hello E")).isEqualTo("hello ");
        assertThat(m.push("N")).isEmpty();
        assertThat(m.push("x")).isEqualTo("ENx");
        assertThat(m.push("EN")).isEmpty();
        assertThat(m.flush()).isEqualTo("EN");
        assertThat(m.stopped()).isFalse();
    }

    @Test
    void stopSpanningThreePiecesIsCutAndNothingAfterIsReleased() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("<|end|>"));
        assertThat(m.push("ok <|")).isEqualTo("ok ");
        assertThat(m.push("en")).isEmpty();
        assertThat(m.push("d|> and more")).isEmpty();
        assertThat(m.stopped()).isTrue();
        assertThat(m.push("later")).isEmpty();
        assertThat(m.flush()).isEmpty();
    }

    @Test
    void theFirstStopToCompleteWinsHoweverTheTextIsCut() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("yz", "b"));
        assertThat(m.push("abxyz")).isEqualTo("a");
        assertThat(m.stopped()).isTrue();
        // "aba" starts first but "b" completes first, in one piece as in two.
        StopSequenceMatcher whole = new StopSequenceMatcher(List.of("b", "aba"));
        assertThat(whole.push("aaba")).isEqualTo("aa");
        StopSequenceMatcher cut = new StopSequenceMatcher(List.of("b", "aba"));
        assertThat(cut.push("aa") + cut.push("ba")).isEqualTo("aa");
        // Both complete at the same character: the longer one, which starts first, cuts.
        StopSequenceMatcher tie = new StopSequenceMatcher(List.of("c", "bc"));
        assertThat(tie.push("abc")).isEqualTo("a");
    }

    @Test
    void withoutStopsEverythingPassesAtOnce() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of());
        assertThat(m.push("abc")).isEqualTo("abc");
        assertThat(m.flush()).isEmpty();
    }

    /**
     * For any text cut into any pieces: what has been released after each piece is the text so far
     * minus its longest suffix that could still start a stop (and stops at the earliest stop); the
     * total is the text up to the earliest stop.
     */
    @Property(tries = 500, seed = "20261122")
    void releasesExactlyWhatCanNoLongerBeAStop(@ForAll("texts") String text, @ForAll("stopLists") List<String> stops,
            @ForAll("cuts") List<Integer> cuts) {
        StopSequenceMatcher m = new StopSequenceMatcher(stops);
        int earliest = earliestStop(text, stops);
        StringBuilder released = new StringBuilder();
        int at = 0;
        for (int c = 0; at < text.length(); c++) {
            int end = Math.min(text.length(), at + (c < cuts.size() ? cuts.get(c) : 3));
            released.append(m.push(text.substring(at, end)));
            at = end;
            String sofar = text.substring(0, at);
            int stopAt = earliestStop(sofar, stops);
            if (stopAt >= 0) {
                assertThat(m.stopped()).isTrue();
                assertThat(released.toString()).isEqualTo(sofar.substring(0, stopAt));
            } else {
                assertThat(m.stopped()).isFalse();
                assertThat(released.toString()).isEqualTo(sofar.substring(0, sofar.length() - holdBack(sofar, stops)));
            }
        }
        released.append(m.flush());
        assertThat(released.toString()).isEqualTo(earliest >= 0 ? text.substring(0, earliest) : text);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abc").ofMaxLength(30);
    }

    @Provide
    Arbitrary<List<String>> stopLists() {
        return Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(4).list().ofMaxSize(3);
    }

    /** Where the text is cut: the start of the first stop to be completed (the longer one on a tie), or -1. */
    private static int earliestStop(String text, List<String> stops) {
        for (int end = 1; end <= text.length(); end++) {
            int best = -1;
            for (String s : stops) {
                int start = end - s.length();
                if (start >= 0 && text.startsWith(s, start) && (best < 0 || start < best)) {
                    best = start;
                }
            }
            if (best >= 0) {
                return best;
            }
        }
        return -1;
    }

    private static int holdBack(String text, List<String> stops) {
        int hold = 0;
        for (String s : stops) {
            for (int len = 1; len < s.length() && len <= text.length(); len++) {
                if (text.endsWith(s.substring(0, len))) {
                    hold = Math.max(hold, len);
                }
            }
        }
        return hold;
    }
}
