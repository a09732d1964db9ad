package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which tokenizer.json normalizer / pre-tokenizer combinations load, and with what space prefix. */
class HfNormalizationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPLACE = "{\"type\": \"Replace\", \"pattern\": {\"String\": \" \"}, \"content\": \"\u2581\"}";
    private static final String PREPEND = "{\"type\": \"Prepend\", \"prepend\": \"\u2581\"}";

    private static boolean prefix(String normalizer, String pre) throws Exception {
        return HfNormalization.addsSpacePrefix(JSON.readTree(normalizer), JSON.readTree(pre), "t.json");
    }

    @Test
    void sentencePieceStyleCombinations() throws Exception {
        assertThat(prefix(REPLACE, "null")).isFalse();
        assertThat(prefix(REPLACE, "{\"type\": \"Split\", \"pattern\": {\"String\": \" \"}, \"behavior\": \"MergedWithPrevious\"}"))
                .isFalse(); // Gemma 3
        assertThat(prefix("{\"type\": \"Sequence\", \"normalizers\": [" + PREPEND + ", " + REPLACE + "]}", "null")).isTrue();
        assertThat(prefix("null", "{\"type\": \"Metaspace\", \"replacement\": \"\u2581\", \"prepend_scheme\": \"first\", \"split\": false}"))
                .isTrue();
        assertThat(prefix("null", "{\"type\": \"Metaspace\", \"replacement\": \"\u2581\", \"prepend_scheme\": \"never\", \"split\": false}"))
                .isFalse();
    }

    @Test
    void otherCombinationsAreRejectedByName() {
        assertThatThrownBy(() -> prefix("null", "{\"type\": \"ByteLevel\", \"add_prefix_space\": false}"))
                .isInstanceOf(TokenizerException.class).hasMessageStartingWith("t.json: pre_tokenizer {\"type\":\"ByteLevel\"");
        assertThatThrownBy(() -> prefix("{\"type\": \"NFKC\"}", "null"))
                .isInstanceOf(TokenizerException.class).hasMessageStartingWith("t.json: normalizer {\"type\":\"NFKC\"}");
        assertThatThrownBy(() -> prefix("null", "{\"type\": \"Metaspace\", \"replacement\": \"\u2581\", \"split\": true}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("split=true");
        assertThatThrownBy(() -> prefix("null", "null"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("normalizer null");
    }

    @Test
    void byteLevelTokenizerJsonFailsToLoadInsteadOfMisTokenizing() {
        String json = """
                {"added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
                 "post_processor": null,
                 "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}}
                """;
        assertThatThrownBy(() -> Tokenizers.fromHuggingFaceJson(json.getBytes(StandardCharsets.UTF_8), "gpt.json"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("ByteLevel");
    }

    @Test
    void gemma3StillLoadsWithoutPrefix() {
        Tokenizer g = SharedTokenizers.gemma3();
        assertThat(g.encode(" Hello", false, false)).containsExactly(26352);
    }
}
