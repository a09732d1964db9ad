package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** llama2.c's tok512.bin becomes the SentencePiece vocabulary stories260K was trained with. */
class Llama2cTokenizerTest {
    /** First greedy ids of fixtures/llama2c/ref_numpy_260K.json (BOS then "Once upon a time, ..."). */
    private static final int[] REFERENCE_GREEDY = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421};

    @Test
    void vocabularyIsSentencePieceStyle() {
        SentencePieceBpeTokenizer t = TokenizerFixtures.tok512();
        Vocabulary v = t.vocabulary();
        assertThat(v.size()).isEqualTo(512);
        assertThat(v.piece(0)).isEqualTo("<unk>");
        assertThat(v.type(0)).isEqualTo(TokenType.UNKNOWN);
        assertThat(v.piece(1)).isEqualTo("<s>");
        assertThat(v.piece(2)).isEqualTo("</s>");
        assertThat(v.type(1)).isEqualTo(TokenType.CONTROL);
        assertThat(v.piece(3)).isEqualTo("<0x00>");
        assertThat(v.type(258)).isEqualTo(TokenType.BYTE);
        assertThat(v.byteId(0x0A)).isEqualTo(3 + 0x0A);
        assertThat(Arrays.stream(v.pieces()).noneMatch(p -> p.contains(" "))).isTrue();
        assertThat(v.find("\u2581a")).hasValue(261);
        assertThat(t.bosId()).isEqualTo(1);
        assertThat(t.eosId()).isEqualTo(2);
        assertThat(t.addBosByDefault()).isTrue();
        assertThat(t.addsSpacePrefix()).isTrue();
    }

    @Test
    void encodesLikeTheReferenceRun() {
        SentencePieceBpeTokenizer t = TokenizerFixtures.tok512();
        int[] ids = t.encode("Once upon a time, there was a little girl", true, false);
        assertThat(Arrays.copyOf(ids, REFERENCE_GREEDY.length)).containsExactly(REFERENCE_GREEDY);
        assertThat(t.decode(REFERENCE_GREEDY)).isEqualTo("Once upon a time, there was a little girl");
    }

    @Test
    void rejectsTruncatedAndInvalidFiles() throws IOException {
        byte[] good = Files.readAllBytes(TokenizerFixtures.fixture("llama2c/tok512.bin"));
        assertThatThrownBy(() -> Llama2cTokenizer.parse("tok", Arrays.copyOf(good, 2)))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("tok @0");
        // Cut inside the record of the last token: its length promises more bytes than remain.
        assertThatThrownBy(() -> Llama2cTokenizer.parse("tok", Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("token 511 has length");
        // Cut inside a record header.
        assertThatThrownBy(() -> Llama2cTokenizer.parse("tok", Arrays.copyOf(good, 4 + 6)))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("@4").hasMessageContaining("truncated record");

        ByteBuffer negative = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putFloat(0f).putInt(-3);
        assertThatThrownBy(() -> Llama2cTokenizer.parse("tok", negative.array()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("@8").hasMessageContaining("length -3");

        byte[] invalidUtf8 = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putFloat(0f).putInt(1)
                .put((byte) 0xFF).array();
        assertThatThrownBy(() -> Llama2cTokenizer.parse("tok", invalidUtf8))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void exportsLlamaCppKeysThatLoadBackIdentically() {
        SentencePieceBpeTokenizer t = TokenizerFixtures.tok512();
        Tokenizer back = GgufRoundTrip.reload(t);
        assertThat(back).isInstanceOf(SentencePieceBpeTokenizer.class);
        Vocabulary v = ((SentencePieceBpeTokenizer) back).vocabulary();
        assertThat(v.pieces()).containsExactly(t.vocabulary().pieces());
        assertThat(v.scores()).containsExactly(t.vocabulary().scores());
        assertThat(v.types()).containsExactly(t.vocabulary().types());
        assertThat(back.bosId()).isEqualTo(1);
        assertThat(back.eosId()).isEqualTo(2);
        assertThat(back.addBosByDefault()).isTrue();
        assertThat(back.addsSpacePrefix()).isTrue();
        String text = "Once upon a time, Lily saw a big dog.\nThe end é 🦙";
        assertThat(back.encode(text, true, false)).containsExactly(t.encode(text, true, false));
        assertThat(new String(t.tokenBytes(261), StandardCharsets.UTF_8)).isEqualTo(" a");
    }
}
