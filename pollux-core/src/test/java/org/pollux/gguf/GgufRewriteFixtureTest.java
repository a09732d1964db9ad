package org.pollux.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pollux.SharedFixtures;

/** Re-writing real llama.cpp-produced files with {@link GgufWriter} must reproduce them byte for byte. */
class GgufRewriteFixtureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gguf/tiny-gemma3-f32.gguf", "tokenizer/llama-spm/ggml-vocab-llama-spm.gguf",
        "tokenizer/gpt-2/ggml-vocab-gpt-2.gguf"})
    void rewriteIsByteIdentical(String fixture) throws IOException {
        Path source = SharedFixtures.fixture(fixture);
        Path copy = dir.resolve("copy.gguf");
        try (GgufFile f = GgufFile.open(source)) {
            GgufWriter w = new GgufWriter().putAll(f.metadata().asMap());
            f.tensorInfos().keySet().forEach(name -> w.addTensor(f.tensor(name)));
            w.write(copy);
        }
        assertThat(Files.mismatch(source, copy)).isEqualTo(-1L);
    }
}
