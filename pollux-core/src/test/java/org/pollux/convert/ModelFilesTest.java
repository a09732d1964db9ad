package org.pollux.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pollux.SharedFixtures;
import org.pollux.gguf.GgufFile;
import org.pollux.model.Decoder;
import org.pollux.model.ModelLoader;
import org.pollux.model.Presets;
import org.pollux.model.TensorNames;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;

/** new-model and quantize: files that load, run, and are reproducible. */
class ModelFilesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"gemma-3-1b", "gemma-2-2b", "gemma-1-2b", "llama-3.2-1b"})
    void randomModelsLoadRunAndAreReproducible(String preset) throws Exception {
        Path a = tmp.resolve("a.gguf");
        Path b = tmp.resolve("b.gguf");
        try (ComputeContext ctx = ComputeContext.of(2)) {
            RandomModelWriter.write(Presets.tiny(preset), DType.Q4_0, 5, "t", a, ctx, null);
            RandomModelWriter.write(Presets.tiny(preset), DType.Q4_0, 5, "t", b, ctx, null);
            assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
            try (Decoder m = ModelLoader.load(a, ctx); GgufFile f = GgufFile.open(a)) {
                assertThat(m.config()).isEqualTo(Presets.tiny(preset));
                assertThat(f.tensorInfos().get("blk.0.ffn_up.weight").type()).isEqualTo(DType.Q4_0);
                assertThat(f.tensorInfos().get(TensorNames.TOKEN_EMBD).type()).isEqualTo(DType.Q8_0);
                assertThat(f.tensorInfos().get("blk.0.attn_norm.weight").type()).isEqualTo(DType.F32);
                Tokenizer tok = Tokenizers.fromGguf(f.metadata(), a.toString());
                int[] ids = tok.encode("hello wörld", true, false);
                assertThat(tok.decode(ids)).isEqualTo("hello wörld");
                float[] logits = m.forward(m.newCache(ids.length), ids, 0, ids.length, false);
                for (float v : logits) {
                    assertThat(Float.isFinite(v)).isTrue();
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void rowsThatAreNotWholeBlocksFallBack() throws Exception {
        // gemma-3-270m's tiny twin: 48-wide rows (not whole 32- or 256-blocks) and 96-wide FFN-down rows.
        Path out = tmp.resolve("k.gguf");
        try (ComputeContext ctx = ComputeContext.of(2)) {
            RandomModelWriter.write(Presets.tiny("gemma-3-270m"), DType.Q4_K, 1, "t", out, ctx, null);
            try (Decoder m = ModelLoader.load(out, ctx); GgufFile f = GgufFile.open(out)) {
                assertThat(f.tensorInfos().get("blk.0.attn_q.weight").type()).isEqualTo(DType.F16);
                assertThat(f.tensorInfos().get("blk.0.ffn_down.weight").type()).isEqualTo(DType.Q8_0);
                assertThat(m.forward(m.newCache(2), new int[] {2, 300}, 0, 2, false)[0]).isFinite();
            }
        }
        assertThat(RandomModelWriter.typeOf("blk.0.ffn_up.weight", 640, DType.Q4_K)).isEqualTo(DType.Q8_0);
        assertThat(RandomModelWriter.typeOf("blk.0.ffn_up.weight", 1152, DType.Q4_K)).isEqualTo(DType.Q8_0);
        assertThat(RandomModelWriter.typeOf("blk.0.ffn_up.weight", 2048, DType.Q4_K)).isEqualTo(DType.Q4_K);
    }

    @ParameterizedTest
    @ValueSource(strings = {"q8_0", "q4_0", "q4_k", "f16", "bf16"})
    void quantizedFixtureStaysCloseToTheOriginal(String type) throws Exception {
        Path src = SharedFixtures.fixture("gguf/tiny-gemma3-f32.gguf");
        Path out = tmp.resolve("q.gguf");
        DType t = DType.parse(type);
        ModelQuantizer.quantize(src, out, t, null);
        int[] tokens = new SplittableRandom(1).ints(12, 0, 512).toArray();
        try (ComputeContext ctx = ComputeContext.of(1); Decoder ref = ModelLoader.load(src, ctx);
                Decoder q = ModelLoader.load(out, ctx); GgufFile f = GgufFile.open(out)) {
            // Q4_K blocks are 256 wide: the fixture's 64-wide rows must stay as they are.
            assertThat(f.tensorInfos().get("blk.0.attn_q.weight").type()).isEqualTo(t == DType.Q4_K ? DType.F32 : t);
            assertThat(f.metadata().getInt("general.file_type")).isEqualTo(ModelQuantizer.fileType(t));
            float[] a = ref.forward(ref.newCache(12), tokens, 0, 12, false);
            float[] b = q.forward(q.newCache(12), tokens, 0, 12, false);
            double num = 0;
            double den = 0;
            for (int i = 0; i < a.length; i++) {
                num += (a[i] - b[i]) * (a[i] - b[i]);
                den += a[i] * a[i];
            }
            double bound = switch (t) {
                case F16, BF16 -> 0.02;
                case Q8_0 -> 0.02;
                default -> 0.25; // 4-bit on a 64-wide random model
            };
            assertThat(Math.sqrt(num / den)).as("relative RMS logit error of %s", t).isLessThan(bound);
        }
    }
}
