package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** tokenizer.json parsing: a small hand-made BPE model, Gemma 3 specifics, and rejected input. */
class HfTokenizerJsonReaderTest {

    /** A small SentencePiece-style BPE: merges rank "a b" before "b c" before "▁ ab". */
    static String smallJson(String normalizer, String merges) {
        return """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [
                   {"id": 0, "content": "<pad>", "special": true},
                   {"id": 1, "content": "<eos>", "special": true},
                   {"id": 2, "content": "<bos>", "special": true},
                   {"id": 3, "content": "<unk>", "special": true},
                   {"id": 4, "content": "<turn>", "special": true},
                   {"id": 5, "content": "<unused0>", "special": false}],
                 "normalizer": %s,
                 "pre_tokenizer": null,
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}]},
                 "decoder": null,
                 "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "fuse_unk": true, "byte_fallback": true,
                   "vocab": {"<pad>": 0, "<eos>": 1, "<bos>": 2, "<unk>": 3, "<turn>": 4, "<unused0>": 5,
                             "<0xC3>": 6, "<0xA9>": 7, "\\u2581": 8, "a": 9, "b": 10, "c": 11, "ab": 12, "bc": 13, "\\u2581ab": 14},
                   "merges": %s}}
                """.formatted(normalizer, merges);
    }

    static final String REPLACE_SPACE = "{\"type\": \"Replace\", \"pattern\": {\"String\": \" \"}, \"content\": \"\\u2581\"}";
    static final String MERGES = "[[\"a\", \"b\"], [\"b\", \"c\"], [\"\\u2581\", \"ab\"]]";

    static Tokenizer parse(String json) {
        return HfTokenizerJsonReader.parse("test.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mergesByRankWithByteFallbackAndAddedTokens() {
        Tokenizer t = parse(smallJson(REPLACE_SPACE, MERGES));
        assertThat(t).isInstanceOf(HfBpeTokenizer.class);
        assertThat(t.vocabSize()).isEqualTo(15);
        assertThat(t.bosId()).isEqualTo(2);
        assertThat(t.eosId()).isEqualTo(1);
        assertThat(t.addBosByDefault()).isTrue();
        assertThat(t.addsSpacePrefix()).isFalse();
        // "a b" ranks before "b c", so "abc" → ab + c, although "bc" is also a piece.
        assertThat(t.encode("abc", false, false)).containsExactly(12, 11);
        assertThat(t.encode(" ab", true, false)).containsExactly(2, 14);
        assertThat(t.encode("é", false, false)).containsExactly(6, 7);
        // Unknown characters without byte pieces: one fused <unk> per run.
        assertThat(t.encode("xyz", false, false)).containsExactly(3);
        // Special tokens are split out only with parseSpecial; user-defined ones always.
        assertThat(t.encode("a<turn>", false, true)).containsExactly(9, 4);
        assertThat(t.encode("a<unused0>b", false, false)).containsExactly(9, 5, 10);
        assertThat(t.isControl(4)).isTrue();
        assertThat(t.decode(new int[] {2, 14, 6, 7, 4, 5})).isEqualTo(" abé<unused0>");
    }

    @Test
    void acceptsStringMergesAndPrependNormalizer() {
        String prepend = "{\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"Prepend\", \"prepend\": \"\\u2581\"}, "
                + REPLACE_SPACE + "]}";
        Tokenizer t = parse(smallJson(prepend, "[\"a b\", \"b c\", \"\\u2581 ab\"]"));
        assertThat(t.addsSpacePrefix()).isTrue();
        assertThat(t.encode("ab", false, false)).containsExactly(14);
        assertThat(t.decode(new int[] {14})).isEqualTo("ab");
    }

    @Test
    void rejectsUnsupportedModels() {
        assertThatThrownBy(() -> parse(smallJson(REPLACE_SPACE, MERGES).replace("\"type\": \"BPE\"", "\"type\": \"Unigram\"")))
                .isInstanceOf(TokenizerException.class).hasMessage("test.json: model.type is 'Unigram'; only BPE is supported");
        assertThatThrownBy(() -> parse(smallJson("{\"type\": \"NFKC\"}", MERGES)))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("normalizer {\"type\":\"NFKC\"} is not supported");
        assertThatThrownBy(() -> parse(smallJson(REPLACE_SPACE, "[[\"a\", \"q\"]]")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("merge 0 ('a', 'q'): 'q' is not in the vocabulary");
        assertThatThrownBy(() -> parse(smallJson(REPLACE_SPACE, "[[\"a\"]]")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("model.merges[0] is neither");
        assertThatThrownBy(() -> parse(smallJson(REPLACE_SPACE, MERGES).replace("\"c\": 11,", "")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("token id 11 is in neither model.vocab nor added_tokens");
        assertThatThrownBy(() -> parse(smallJson(REPLACE_SPACE, MERGES).replace("\"a\": 9", "\"a\": \"nine\"")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("model.vocab['a'] is not a token id");
        assertThatThrownBy(() -> parse("[1, 2]")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("top level is not a JSON object");
        assertThatThrownBy(() -> parse("{\"model\": {\"type\": \"BPE\"}}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("model.vocab is missing");
    }

    @Test
    void invalidJsonNamesTheOffset() {
        String json = smallJson(REPLACE_SPACE, MERGES);
        String broken = json.substring(0, 200) + "}}}" + json.substring(200);
        assertThatThrownBy(() -> parse(broken)).isInstanceOf(TokenizerException.class)
                .hasMessageMatching("test\\.json @\\d+: .*");
    }

    @Test
    void gemma3HasItsSpecialTokens() {
        Tokenizer g = TokenizerFixtures.gemma3();
        assertThat(g.vocabSize()).isEqualTo(262_145); // <image_soft_token> = 262144 lies past the model vocab
        assertThat(g.bosId()).isEqualTo(2);
        assertThat(g.eosId()).isEqualTo(1);
        assertThat(g.tokenId("<start_of_turn>")).hasValue(105);
        assertThat(g.tokenId("<end_of_turn>")).hasValue(106);
        assertThat(g.tokenId("<start_of_image>")).hasValue(255_999);
        assertThat(g.tokenId("<image_soft_token>")).hasValue(262_144);
        assertThat(g.addBosByDefault()).isTrue();
        assertThat(g.addsSpacePrefix()).isFalse();
        assertThat(g.isControl(105)).isTrue();
        assertThat(g.encode("<start_of_turn>user\nHi there<end_of_turn>\n", true, true))
                .containsExactly(2, 105, 2364, 107, 10979, 993, 106, 107);
        // Without special parsing the marker is plain text.
        int[] plain = g.encode("<start_of_turn>", false, false);
        assertThat(plain).doesNotContain(105);
        assertThat(g.decode(plain)).isEqualTo("<start_of_turn>");
    }

    @Test
    void longInputEncodesInOnePass() {
        Tokenizer g = TokenizerFixtures.gemma3();
        String text = "The quick brown fox jumps over the lazy dog. Ünïcödé 🦙 日本語\n".repeat(1_000);
        int[] ids = g.encode(text, false, false);
        assertThat(g.decode(ids)).isEqualTo(text);
        String noSpaces = "abcdefghijklmnopqrstuvwxyz".repeat(2_000);
        assertThat(g.decode(g.encode(noSpaces, false, false))).isEqualTo(noSpaces);
    }

    @Property(tries = 300)
    void corruptJsonFailsOnlyWithTokenizerException(@ForAll @IntRange(min = 0, max = 1 << 20) int position,
                                                    @ForAll @IntRange(min = 0, max = 2) int mode, @ForAll char c) {
        byte[] json = smallJson(REPLACE_SPACE, MERGES).getBytes(StandardCharsets.UTF_8);
        int at = position % json.length;
        byte[] corrupt = switch (mode) {
            case 0 -> Arrays.copyOf(json, at); // truncated
            case 1 -> {
                byte[] b = json.clone();
                b[at] = (byte) c; // one byte replaced
                yield b;
            }
            default -> {
                byte[] b = new byte[json.length - 1]; // one byte dropped
                System.arraycopy(json, 0, b, 0, at);
                System.arraycopy(json, at + 1, b, at, json.length - at - 1);
                yield b;
            }
        };
        try {
            Tokenizer t = HfTokenizerJsonReader.parse("fuzz.json", corrupt);
            assertThat(t.decode(t.encode("abc é", true, true))).isNotNull();
        } catch (TokenizerException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.json");
        }
    }
}
