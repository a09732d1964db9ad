package org.pollux.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pollux.SharedFixtures;
import org.pollux.tensor.ComputeContext;

/**
 * The decoder against llama.cpp's logits for a tiny random gemma3 model (sliding window 8 over 25
 * positions, so local layers must mask), fed in one batch, one token at a time, and in chunks.
 */
class TinyGemma3FixtureTest {
    static ComputeContext ctx;
    static Decoder model;
    static int[] tokens;
    static float[][] expected;

    @BeforeAll
    static void load() throws IOException {
        ctx = ComputeContext.of(2);
        Path dir = SharedFixtures.fixture("gguf");
        model = ModelLoader.load(dir.resolve("tiny-gemma3-f32.gguf"), ctx);
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("tiny-gemma3-f32.logits.json").toFile());
        tokens = new int[ref.get("tokens").size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = ref.get("tokens").get(i).asInt();
        }
        expected = new float[tokens.length][];
        for (int p = 0; p < tokens.length; p++) {
            JsonNode row = ref.get("logits").get(p);
            expected[p] = new float[row.size()];
            for (int v = 0; v < row.size(); v++) {
                expected[p][v] = (float) row.get(v).asDouble();
            }
        }
    }

    @AfterAll
    static void close() {
        model.close();
        ctx.close();
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {25, 1, 7})
    void matchesLlamaCppLogits(int chunk) {
        assertThat(model.config().architecture()).isEqualTo(Architecture.GEMMA3);
        KvCache cache = model.newCache(tokens.length);
        int vocab = model.vocabSize();
        float[][] got = new float[tokens.length][];
        for (int start = 0; start < tokens.length; start += chunk) {
            int len = Math.min(chunk, tokens.length - start);
            float[] logits = model.forward(cache, tokens, start, len, true);
            for (int t = 0; t < len; t++) {
                got[start + t] = java.util.Arrays.copyOfRange(logits, t * vocab, (t + 1) * vocab);
            }
        }
        for (int p = 0; p < tokens.length; p++) {
            float max = 0;
            for (float v : expected[p]) {
                max = Math.max(max, Math.abs(v));
            }
            double worst = 0;
            for (int v = 0; v < vocab; v++) {
                worst = Math.max(worst, Math.abs(got[p][v] - expected[p][v]) / max);
            }
            assertThat(worst).as("position %d: max relative error", p).isLessThan(1e-4);
        }
    }
}
