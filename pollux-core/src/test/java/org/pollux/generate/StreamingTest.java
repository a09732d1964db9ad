package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingTest {
    @Test
    void utf8CharactersAreNeverSplit() {
        Utf8Streamer s = new Utf8Streamer(new ByteTokenizer());
        byte[] b = "a€😀".getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (byte x : b) {
            String piece = s.push(x & 0xFF);
            assertThat(piece).doesNotContain("\uFFFD");
            out.append(piece);
        }
        out.append(s.flush());
        assertThat(out.toString()).isEqualTo("a€😀");
    }

    @Test
    void heldBackPrefixIsReleasedWhenItIsNotAStop() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("END"));
        assertThat(m.push("hello E")).isEqualTo("hello ");
        assertThat(m.push("N")).isEmpty();
        assertThat(m.push("x")).isEqualTo("ENx");
        assertThat(m.push("EN")).isEmpty();
        assertThat(m.flush()).isEqualTo("EN");
        assertThat(m.stopped()).isFalse();
    }

    @Test
    void earliestStopWinsAndNothingAfterIsReleased() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("yz", "b"));
        assertThat(m.push("abxyz")).isEqualTo("a");
        assertThat(m.stopped()).isTrue();
        assertThat(m.push("more")).isEmpty();
    }
}
