package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pollux.gguf.GgufFile;
import org.pollux.gguf.GgufMetadata;
import org.pollux.gguf.GgufType;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufValue.GgufArray;

/** Loading from llama.cpp's tokenizer keys, and the errors for metadata that does not fit. */
class GgufTokenizerReaderTest {

    private static Map<String, GgufValue> minimalLlama() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings("<unk>", "<s>", "</s>", "\u2581", "a", "\u2581a")));
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufArray.ofFloats(0, 0, 0, -1, -2, -0.5f)));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufArray.ofInts(GgufType.INT32, 2, 3, 3, 1, 1, 1)));
        return m;
    }

    private static Tokenizer load(Map<String, GgufValue> m) {
        return Tokenizers.fromGguf(new GgufMetadata(null, m));
    }

    @Test
    void llamaDefaultsFollowLlamaCpp() {
        Tokenizer t = load(minimalLlama());
        assertThat(t).isInstanceOf(SentencePieceBpeTokenizer.class);
        assertThat(t.bosId()).isEqualTo(1);
        assertThat(t.eosId()).isEqualTo(2);
        assertThat(t.addBosByDefault()).isTrue();
        assertThat(t.addsSpacePrefix()).isTrue();
        assertThat(t.encode("a", true, false)).containsExactly(1, 5);
        assertThat(t.encode("<s>a", false, true)).containsExactly(1, 5); // a space prefix follows specials
    }

    @Test
    void readsExplicitIdsAndFlags() {
        Map<String, GgufValue> m = minimalLlama();
        m.put("tokenizer.ggml.bos_token_id", GgufValue.ofU32(2));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.ofU32(1));
        m.put("tokenizer.ggml.padding_token_id", GgufValue.ofU32(0xFFFF_FFFFL));
        m.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(false));
        m.put("tokenizer.ggml.add_space_prefix", GgufValue.ofBool(false));
        Tokenizer t = load(m);
        assertThat(t.bosId()).isEqualTo(2);
        assertThat(t.eosId()).isEqualTo(1);
        assertThat(((SentencePieceBpeTokenizer) t).vocabulary().padId()).isEqualTo(Vocabulary.NONE);
        assertThat(t.addBosByDefault()).isFalse();
        assertThat(t.encode("a a", false, false)).containsExactly(4, 5);
    }

    @Test
    void tinyGemmaFixtureUsesItsOwnSpecialIds() {
        try (GgufFile f = GgufFile.open(TokenizerFixtures.fixture("gguf/tiny-gemma3-f32.gguf"))) {
            Tokenizer t = Tokenizers.fromGguf(f.metadata());
            assertThat(t.vocabSize()).isEqualTo(512);
            assertThat(t.bosId()).isEqualTo(2);
            assertThat(t.eosId()).isEqualTo(1);
            assertThat(t.isControl(0)).isTrue();
            assertThat(t.tokenBytes(2)).isEmpty();
        }
    }

    @Test
    void rejectsUnknownModelsByName() {
        Map<String, GgufValue> m = minimalLlama();
        m.put("tokenizer.ggml.model", GgufValue.ofString("gemma4"));
        assertThatThrownBy(() -> load(m)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("'tokenizer.ggml.model' = 'gemma4' is not supported");
        m.remove("tokenizer.ggml.model");
        assertThatThrownBy(() -> load(m)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("missing key 'tokenizer.ggml.model'");
    }

    @Test
    void rejectsMalformedArrays() {
        Map<String, GgufValue> m = minimalLlama();
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufArray.ofFloats(0, 0)));
        assertThatThrownBy(() -> load(m)).isInstanceOf(TokenizerException.class).hasMessageContaining("6 pieces but 2 scores");

        Map<String, GgufValue> badType = minimalLlama();
        badType.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufArray.ofInts(GgufType.INT32, 2, 3, 3, 1, 9, 1)));
        assertThatThrownBy(() -> load(badType)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("tokenizer.ggml.token_type[4] = 9");

        Map<String, GgufValue> wrongKind = minimalLlama();
        wrongKind.put("tokenizer.ggml.tokens", GgufValue.ofU32(3));
        assertThatThrownBy(() -> load(wrongKind)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("tokenizer.ggml.tokens");

        Map<String, GgufValue> badId = minimalLlama();
        badId.put("tokenizer.ggml.bos_token_id", GgufValue.ofU32(99));
        assertThatThrownBy(() -> load(badId)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("BOS id 99 is outside the vocabulary of 6");

        Map<String, GgufValue> badByte = minimalLlama();
        badByte.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufArray.ofInts(GgufType.INT32, 2, 3, 3, 1, 6, 1)));
        assertThatThrownBy(() -> load(badByte)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("byte token 4 is 'a'");
    }

    @Test
    void rejectsBrokenGpt2Metadata() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings("a", "b", "ab")));
        assertThatThrownBy(() -> load(m)).isInstanceOf(TokenizerException.class).hasMessageContaining("tokenizer.ggml.merges");
        m.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufArray.ofStrings("a b", "b c")));
        assertThatThrownBy(() -> load(m)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("merge 1 ('b', 'c'): 'c' is not in the vocabulary");
        m.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufArray.ofStrings("ab")));
        assertThatThrownBy(() -> load(m)).isInstanceOf(TokenizerException.class).hasMessageContaining("is not 'left right'");
        m.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufArray.ofStrings("a b")));
        m.put("tokenizer.ggml.pre", GgufValue.ofString("qwen2"));
        assertThatThrownBy(() -> load(m)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("pre-tokenizer 'qwen2' is not supported");
        m.put("tokenizer.ggml.pre", GgufValue.ofString("gpt-2"));
        assertThat(load(m).encode("ab", false, false)).containsExactly(2);
    }

    @Test
    void sentencePieceModelAndGgufHoldTheSameVocabulary() {
        SentencePieceBpeTokenizer fromModel = (SentencePieceBpeTokenizer) TokenizerFixtures.llamaSpmModel();
        SentencePieceBpeTokenizer fromGguf = (SentencePieceBpeTokenizer) TokenizerFixtures.llamaSpmGguf();
        assertThat(fromModel.vocabulary().pieces()).containsExactly(fromGguf.vocabulary().pieces());
        assertThat(fromModel.vocabulary().scores()).containsExactly(fromGguf.vocabulary().scores());
        assertThat(fromModel.vocabulary().types()).containsExactly(fromGguf.vocabulary().types());
        Tokenizer back = GgufRoundTrip.reload(fromModel);
        assertThat(((SentencePieceBpeTokenizer) back).vocabulary().pieces()).containsExactly(fromGguf.vocabulary().pieces());
        assertThat(back.bosId()).isEqualTo(fromGguf.bosId());
        assertThat(back.eosId()).isEqualTo(fromGguf.eosId());
        assertThat(back.addsSpacePrefix()).isEqualTo(fromGguf.addsSpacePrefix());
    }
}
