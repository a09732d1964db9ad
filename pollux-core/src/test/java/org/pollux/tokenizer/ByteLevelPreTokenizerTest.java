package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.pollux.gguf.GgufMetadata;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufValue.GgufArray;

/** Byte-level BPE picks its word splitter from {@code tokenizer.ggml.pre} and rejects unknown ones. */
class ByteLevelPreTokenizerTest {

    private static List<String> words(ByteLevelPreTokenizer pre, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pre.pattern().matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void gpt2AndLlama3SplitDifferently() {
        String text = "I'VE got 12345 apples\n\nok";
        assertThat(words(ByteLevelPreTokenizer.GPT2, text))
                .containsExactly("I", "'", "VE", " got", " 12345", " apples", "\n", "\n", "ok");
        assertThat(words(ByteLevelPreTokenizer.LLAMA3, text))
                .containsExactly("I", "'VE", " got", " ", "123", "45", " apples", "\n\n", "ok");
    }

    /** The 256 byte-level characters as pieces 0..255, then "ab" (256) and "abc" (257); one merge "a b". */
    private static Map<String, GgufValue> toyVocab(String pre) {
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(null);
        }
        // Printable Latin-1 bytes stand for themselves; the rest map to U+0100 upwards (GPT-2's table).
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            tokens.set(b, String.valueOf((char) (printable ? b : next++)));
        }
        tokens.add("ab");
        tokens.add("abc");
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(tokens.toArray(String[]::new))));
        m.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufArray.ofStrings("a b")));
        if (pre != null) {
            m.put("tokenizer.ggml.pre", GgufValue.ofString(pre));
        }
        return m;
    }

    private static Tokenizer load(String pre) {
        return Tokenizers.fromGguf(new GgufMetadata(null, toyVocab(pre)), "toy");
    }

    @Test
    void llama3TakesWholeWordsThatArePieces() {
        assertThat(load(null).encode("abc", false, false)).containsExactly(256, 'c');
        assertThat(load("gpt-2").encode("abc", false, false)).containsExactly(256, 'c');
        assertThat(load("llama-bpe").encode("abc", false, false)).containsExactly(257);
        assertThat(load("llama-bpe").encode("abd", false, false)).containsExactly(256, 'd');
    }

    @Test
    void unknownPreTokenizerIsRejectedByName() {
        assertThatThrownBy(() -> load("qwen2")).isInstanceOf(TokenizerException.class)
                .hasMessage("toy: tokenizer.ggml.pre = 'qwen2' is not supported for byte-level BPE (supported: gpt-2, llama-bpe)");
    }
}
