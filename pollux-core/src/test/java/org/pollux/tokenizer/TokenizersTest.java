package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Tokenizers#load} picks the reader from the file's content. */
class TokenizersTest {

    @Test
    void dispatchesOnContent() {
        assertThat(TokenizerFixtures.gemma3()).isInstanceOf(HfBpeTokenizer.class);
        assertThat(TokenizerFixtures.llamaSpmGguf()).isInstanceOf(SentencePieceBpeTokenizer.class);
        assertThat(TokenizerFixtures.llamaSpmModel()).isInstanceOf(SentencePieceBpeTokenizer.class);
        assertThat(TokenizerFixtures.gpt2()).isInstanceOf(Gpt2BpeTokenizer.class);
        assertThat(Tokenizers.load(TokenizerFixtures.fixture("llama2c/tok512.bin")).vocabSize()).isEqualTo(512);
    }

    @Test
    void gpt2VocabularyFromGguf() {
        Tokenizer t = TokenizerFixtures.gpt2();
        assertThat(t.vocabSize()).isEqualTo(50257);
        assertThat(((Gpt2BpeTokenizer) t).mergeCount()).isEqualTo(50000);
        assertThat(t.bosId()).isEqualTo(50256);
        assertThat(t.addBosByDefault()).isFalse();
        assertThat(t.isControl(50256)).isTrue();
        assertThat(t.encode("<|endoftext|>", false, true)).containsExactly(50256);
        assertThat(t.encode("Hello world", false, false)).containsExactly(15496, 995);
    }

    @Test
    void idsOutsideTheVocabularyAreNamed() {
        Tokenizer g = TokenizerFixtures.gemma3();
        assertThatThrownBy(() -> g.tokenBytes(262_208)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("token id 262208 is outside the vocabulary of 262145");
        assertThatThrownBy(() -> g.decode(new int[] {-1})).isInstanceOf(TokenizerException.class);
        assertThatThrownBy(() -> TokenizerFixtures.gpt2().tokenBytes(50257)).isInstanceOf(TokenizerException.class);
    }

    @Test
    void reportsUnreadableFiles(@TempDir Path dir) throws IOException {
        Path garbage = dir.resolve("tokenizer.model");
        Files.write(garbage, new byte[] {0x0A, 0x7F, 1, 2});
        assertThatThrownBy(() -> Tokenizers.load(garbage)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(garbage.toString());
        assertThatThrownBy(() -> Tokenizers.load(dir.resolve("missing.json"))).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("cannot read");
        Path json = dir.resolve("tokenizer.json");
        Files.writeString(json, "{\"model\": ");
        assertThatThrownBy(() -> Tokenizers.load(json)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("invalid JSON");
    }
}
