package org.pollux.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.SharedFixtures;
import org.pollux.model.Decoder;
import org.pollux.model.KvCache;
import org.pollux.model.ModelLoadException;
import org.pollux.model.ModelLoader;
import org.pollux.tensor.ComputeContext;

/** stories260K (real llama2.c weights) → GGUF → our decoder, against an independent float64 reference. */
class Llama2cConverterTest {
    @TempDir
    Path tmp;

    static Path convertStories(Path dir) {
        Path out = dir.resolve("stories260K.gguf");
        Llama2cConverter.convert(SharedFixtures.fixture("llama2c/stories260K.bin"),
                SharedFixtures.fixture("llama2c/tok512.bin"), out, "stories260K");
        return out;
    }

    @Test
    void greedyIdsAndLogitsMatchTheFloat64Reference() throws Exception {
        Path gguf = convertStories(tmp);
        JsonNode ref = new ObjectMapper().readTree(SharedFixtures.fixture("llama2c/ref_numpy_260K.json").toFile());
        JsonNode greedy = ref.get("greedy_tokens");
        try (ComputeContext ctx = ComputeContext.of(2); Decoder model = ModelLoader.load(gguf, ctx)) {
            KvCache cache = model.newCache(greedy.size());
            int token = greedy.get(0).asInt();
            float[] logits = model.forward(cache, new int[] {token}, 0, 1, false);
            for (JsonNode top : ref.get("bos_logits_top5")) {
                assertThat((double) logits[top.get(0).asInt()]).isCloseTo(top.get(1).asDouble(),
                        org.assertj.core.data.Offset.offset(1e-4));
            }
            for (int i = 1; i < greedy.size(); i++) {
                int best = 0;
                for (int v = 1; v < logits.length; v++) {
                    if (logits[v] > logits[best]) {
                        best = v;
                    }
                }
                assertThat(best).as("greedy token %d", i).isEqualTo(greedy.get(i).asInt());
                if (i < greedy.size() - 1) {
                    logits = model.forward(cache, new int[] {best}, 0, 1, false);
                }
            }
        }
    }

    @Test
    void truncatedCheckpointIsRejectedWithCounts() throws Exception {
        byte[] all = Files.readAllBytes(SharedFixtures.fixture("llama2c/stories260K.bin"));
        Path cut = tmp.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
        assertThatThrownBy(() -> Llama2cConverter.convert(cut, SharedFixtures.fixture("llama2c/tok512.bin"),
                tmp.resolve("x.gguf"), "x"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("truncated");
        assertThat(tmp.resolve("x.gguf")).doesNotExist();
    }

    @Test
    void garbageHeaderIsRejected() throws Exception {
        Path bad = tmp.resolve("bad.bin");
        Files.write(bad, new byte[64]);
        assertThatThrownBy(() -> Llama2cConverter.convert(bad, SharedFixtures.fixture("llama2c/tok512.bin"),
                tmp.resolve("x.gguf"), "x")).hasMessageContaining("implausible llama2.c header");
    }
}
