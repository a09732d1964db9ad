package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** SentencePiece ModelProto parsing, the BPE-by-score algorithm on a small model, and corrupt input. */
class SentencePieceModelReaderTest {

    /** {@code <unk> <s> </s>}, 256 byte pieces, then a few scored pieces. */
    static byte[] smallModel(int modelType, boolean addDummyPrefix) {
        ProtoWriter model = new ProtoWriter();
        model.message(1, new ProtoWriter().string(1, "<unk>").float32(2, 0).varint(3, 2));
        model.message(1, new ProtoWriter().string(1, "<s>").float32(2, 0).varint(3, 3));
        model.message(1, new ProtoWriter().string(1, "</s>").float32(2, 0).varint(3, 3));
        for (int b = 0; b < 256; b++) {
            model.message(1, new ProtoWriter().string(1, String.format("<0x%02X>", b)).float32(2, 0).varint(3, 6));
        }
        String[] pieces = {"\u2581", "a", "b", "ab", "ba", "\u2581ab"};
        float[] scores = {-1, -2, -3, -0.5f, -0.5f, -0.1f};
        for (int i = 0; i < pieces.length; i++) {
            model.message(1, new ProtoWriter().string(1, pieces[i]).float32(2, scores[i])); // type NORMAL by default
        }
        model.message(2, new ProtoWriter().string(1, "corpus.txt").varint(3, modelType).varint(4, 265)
                .varint(35, 1).varint(40, 0).varint(41, 1).varint(42, 2).varint(43, -1L));
        model.message(3, new ProtoWriter().string(1, "identity").varint(3, addDummyPrefix ? 1 : 0).varint(4, 0));
        return model.toBytes();
    }

    static final int A = 260;
    static final int B = 261;
    static final int AB = 262;
    static final int BA = 263;
    static final int SPACE_AB = 264;

    @Test
    void mergesHighestScoreFirstAndLeftmostOnTies() {
        SentencePieceBpeTokenizer t = SentencePieceModelReader.parse("small", smallModel(2, false));
        assertThat(t.vocabSize()).isEqualTo(265);
        assertThat(t.addsSpacePrefix()).isFalse();
        // "ab" and "ba" score the same: the leftmost pair wins.
        assertThat(t.encode("aba", false, false)).containsExactly(AB, A);
        assertThat(t.encode("bab", false, false)).containsExactly(BA, B);
        assertThat(t.encode(" ab", false, false)).containsExactly(SPACE_AB);
        // é is no piece: its UTF-8 bytes C3 A9 become byte pieces (id = 3 + byte).
        assertThat(t.encode("é", false, false)).containsExactly(3 + 0xC3, 3 + 0xA9);
        assertThat(t.decode(new int[] {3 + 0xC3, 3 + 0xA9, A})).isEqualTo("éa");
    }

    @Test
    void dummyPrefixIsAddedAndStrippedAgain() {
        SentencePieceBpeTokenizer t = SentencePieceModelReader.parse("small", smallModel(2, true));
        assertThat(t.addsSpacePrefix()).isTrue();
        assertThat(t.encode("ab", true, false)).containsExactly(1, SPACE_AB);
        assertThat(t.decode(new int[] {1, SPACE_AB})).isEqualTo("ab");
        assertThat(t.encode("", false, false)).isEmpty();
    }

    @Test
    void rejectsOtherModelTypes() {
        assertThatThrownBy(() -> SentencePieceModelReader.parse("small", smallModel(1, true)))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("model_type UNIGRAM (1) is not supported; only BPE (2) is");
        byte[] noTrainerSpec = new ProtoWriter().message(1, new ProtoWriter().string(1, "a")).toBytes();
        assertThatThrownBy(() -> SentencePieceModelReader.parse("x", noTrainerSpec))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("UNIGRAM");
    }

    @Test
    void malformedWireDataNamesTheOffset() {
        assertThatThrownBy(() -> SentencePieceModelReader.parse("m", new byte[] {0x0A, (byte) 0x80}))
                .isInstanceOf(TokenizerException.class).hasMessage("m @1: truncated varint");
        assertThatThrownBy(() -> SentencePieceModelReader.parse("m", new byte[] {0x0A, 0x05, 0x0A}))
                .isInstanceOf(TokenizerException.class)
                .hasMessage("m @1: length 5 runs past the end of its message (1 bytes left)");
        assertThatThrownBy(() -> SentencePieceModelReader.parse("m", new byte[] {0x0B}))
                .isInstanceOf(TokenizerException.class).hasMessage("m @0: unsupported wire type 3 for field 1");
        byte[] badType = new ProtoWriter().message(1, new ProtoWriter().string(1, "a").varint(3, 9)).toBytes();
        assertThatThrownBy(() -> SentencePieceModelReader.parse("m", badType))
                .isInstanceOf(TokenizerException.class).hasMessage("m @6: piece 0 has unknown type 9");
        byte[] scoreAsVarint = new ProtoWriter().message(1, new ProtoWriter().string(1, "a").varint(2, 1)).toBytes();
        assertThatThrownBy(() -> SentencePieceModelReader.parse("m", scoreAsVarint))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("SentencePiece.score has wire type 0, expected 5");
        assertThatThrownBy(() -> SentencePieceModelReader.parse("m", new byte[0]))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("no pieces");
    }

    @Test
    void truncatedRealModelFails() throws IOException {
        byte[] real = Files.readAllBytes(TokenizerFixtures.fixture("tokenizer/llama-spm/llama2-tokenizer.model"));
        for (int cut : new int[] {1, 2, 1000, real.length / 2, real.length - 300}) {
            assertThatThrownBy(() -> SentencePieceModelReader.parse("llama2", Arrays.copyOf(real, cut)))
                    .as("cut at %d", cut).isInstanceOf(TokenizerException.class).hasMessageContaining("llama2");
        }
    }

    @Property(tries = 300)
    void truncationNeverFailsOtherwise(@ForAll @IntRange(min = 0, max = 20_000) int cut) {
        byte[] model = smallModel(2, true);
        byte[] truncated = Arrays.copyOf(model, Math.min(cut, model.length - 1));
        assertThatThrownBy(() -> SentencePieceModelReader.parse("fuzz", truncated)).isInstanceOf(TokenizerException.class);
    }

    @Property(tries = 500)
    void corruptBytesFailOnlyWithTokenizerException(@ForAll @IntRange(min = 0, max = 1 << 20) int position,
                                                    @ForAll byte value, @ForAll @IntRange(min = 1, max = 4) int count) {
        byte[] model = smallModel(2, true);
        for (int i = 0; i < count; i++) {
            model[(position + i * 7919) % model.length] = (byte) (value + i);
        }
        try {
            Tokenizer t = SentencePieceModelReader.parse("fuzz", model);
            assertThat(t.decode(t.encode("ab ba é", true, false))).isNotNull();
        } catch (TokenizerException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz");
        }
    }
}
