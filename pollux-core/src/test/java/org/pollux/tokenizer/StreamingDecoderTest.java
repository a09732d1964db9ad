package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Streaming decode emits whole characters only and adds up to {@link Tokenizer#decode}. */
class StreamingDecoderTest {

    @Test
    void holdsBackACharacterSplitOverByteTokens() {
        Tokenizer t = TokenizerFixtures.llamaSpmGguf();
        int[] ids = t.encode("🦙!", false, false); // ▁ then four byte pieces, then "!"
        assertThat(ids).hasSize(6);
        StreamingDecoder d = new StreamingDecoder(t);
        assertThat(d.push(ids[0])).isEmpty(); // the prefix space is dropped, as decode() does
        assertThat(d.push(ids[1])).isEmpty();
        assertThat(d.push(ids[2])).isEmpty();
        assertThat(d.push(ids[3])).isEmpty();
        assertThat(d.hasPending()).isTrue();
        assertThat(d.push(ids[4])).isEqualTo("🦙");
        assertThat(d.push(ids[5])).isEqualTo("!");
        assertThat(d.flush()).isEmpty();
    }

    @Test
    void incompleteTailIsFlushedAsReplacement() {
        Tokenizer t = TokenizerFixtures.gemma3();
        int e2 = t.tokenId("<0xE2>").orElseThrow();
        StreamingDecoder d = new StreamingDecoder(t);
        assertThat(d.push(e2)).isEmpty();
        assertThat(d.flush()).isEqualTo("\uFFFD").isEqualTo(t.decode(new int[] {e2}));
        assertThat(d.push(t.tokenId("a").orElseThrow())).isEqualTo("a");
    }

    @Test
    void completePrefixFollowsUtf8Rules() {
        assertThat(Utf8.completePrefix(bytes(0x41, 0xE2, 0x82), 3)).isEqualTo(1); // incomplete €
        assertThat(Utf8.completePrefix(bytes(0x41, 0xE2, 0x82, 0xAC), 4)).isEqualTo(4);
        assertThat(Utf8.completePrefix(bytes(0xED, 0xA0), 2)).isEqualTo(2); // surrogate: malformed, not held
        assertThat(Utf8.completePrefix(bytes(0xE0, 0x80), 2)).isEqualTo(2); // overlong: malformed
        assertThat(Utf8.completePrefix(bytes(0xF4, 0x90), 2)).isEqualTo(2); // above U+10FFFF
        assertThat(Utf8.completePrefix(bytes(0x80, 0xF0, 0x9F, 0xA6), 4)).isEqualTo(1);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Ids biased towards byte pieces, so characters are often split or malformed. */
    private static Arbitrary<List<Integer>> ids(Tokenizer t, int firstByteId) {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, t.vocabSize() - 1);
        Arbitrary<Integer> bytePiece = firstByteId < 0 ? any : Arbitraries.integers().between(firstByteId, firstByteId + 255);
        Arbitrary<Integer> small = Arbitraries.integers().between(0, Math.min(t.vocabSize(), 400) - 1);
        return Arbitraries.oneOf(any, bytePiece, bytePiece, small).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Integer>> gemmaIds() {
        Tokenizer t = TokenizerFixtures.gemma3();
        return ids(t, t.tokenId("<0x00>").orElseThrow());
    }

    @Provide
    Arbitrary<List<Integer>> llamaIds() {
        Tokenizer t = TokenizerFixtures.llamaSpmGguf();
        return ids(t, t.tokenId("<0x00>").orElseThrow());
    }

    @Provide
    Arbitrary<List<Integer>> gpt2Ids() {
        return ids(TokenizerFixtures.gpt2(), -1);
    }

    private static void assertStreamsLikeDecode(Tokenizer t, List<Integer> ids) {
        StreamingDecoder d = new StreamingDecoder(t);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String piece = d.push(id);
            assertThat(piece).isNotNull();
            sb.append(piece);
        }
        sb.append(d.flush());
        assertThat(sb.toString()).isEqualTo(t.decode(ids.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Property(tries = 200)
    void gemma3(@ForAll("gemmaIds") List<Integer> ids) {
        assertStreamsLikeDecode(TokenizerFixtures.gemma3(), ids);
    }

    @Property(tries = 200)
    void llamaWithSpacePrefix(@ForAll("llamaIds") List<Integer> ids) {
        assertStreamsLikeDecode(TokenizerFixtures.llamaSpmGguf(), ids);
    }

    @Property(tries = 200)
    void gpt2(@ForAll("gpt2Ids") List<Integer> ids) {
        assertStreamsLikeDecode(TokenizerFixtures.gpt2(), ids);
    }
}
