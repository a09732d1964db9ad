package org.pollux.train.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pollux.convert.SyntheticVocabulary;
import org.pollux.model.Decoder;
import org.pollux.model.KvCache;
import org.pollux.model.ModelConfig;
import org.pollux.model.ModelLoader;
import org.pollux.model.Presets;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;

/**
 * The contract between training and inference: a trained model exported to GGUF and loaded by
 * pollux-core's engine computes the training forward's logits (F32: relative error ≤ 1e-5;
 * Q8_0: close). Weights are perturbed away from the initialisation (norms ≠ 1, larger matrices)
 * so that the norm convention, attention windows, GQA and soft-caps all show in the logits.
 */
class ExportContractTest {
    private static ComputeContext ctx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        ctx = ComputeContext.of(2);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("train-tiny", TrainPresets.get("train-tiny")),
                Arguments.of("tiny-gemma-3-4b (GQA, RoPE scale 8)", Presets.tiny("gemma-3-4b").withContextLength(64)),
                Arguments.of("tiny-gemma-2-2b (soft-caps)", Presets.tiny("gemma-2-2b").withContextLength(64)),
                Arguments.of("tiny-gemma-1-2b (MQA, no post-norms)", Presets.tiny("gemma-1-2b").withContextLength(64)));
    }

    /** Moves every weight off its initial value: norms to 1 ± 0.3, matrices to std ≈ 0.2. */
    static void perturb(TrainableModel m, long seed) {
        perturb(m, seed, 10f);
    }

    /** Norms to 1 ± 0.3, matrices scaled by {@code gain}. */
    static void perturb(TrainableModel m, long seed, float gain) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : m.parameters()) {
            float[] w = p.data();
            boolean norm = p.shape().length == 1;
            for (int i = 0; i < w.length; i++) {
                w[i] = norm ? 1f + (float) (r.nextDouble() * 0.6 - 0.3) : w[i] * gain;
            }
        }
    }

    static double relativeError(float[] got, float[] want) {
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < want.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
            maxAbs = Math.max(maxAbs, Math.abs(want[i]));
        }
        return maxDiff / maxAbs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void engineComputesTheTrainingLogits(String label, ModelConfig config) throws Exception {
        TrainableModel model = new TrainableModel(config, 7, ctx);
        perturb(model, 11);
        int batch = 2;
        int seqLen = 24; // longer than the window (8): local layers really slide
        int[] tokens = new SplittableRandom(3).ints(batch * seqLen, 0, config.vocabSize()).toArray();
        float[] train = model.logits(tokens, batch, seqLen);

        for (DType type : new DType[] {DType.F32, DType.Q8_0}) {
            Path file = dir.resolve(type + ".gguf");
            GgufExport.write(model, type, SyntheticVocabulary.gguf(config), "contract", file);
            try (Decoder engine = ModelLoader.load(file, ctx)) {
                engine.setExactGelu(true);
                assertThat(engine.config()).isEqualTo(config);
                int v = config.vocabSize();
                for (int b = 0; b < batch; b++) {
                    KvCache cache = engine.newCache(seqLen);
                    float[] got = engine.forward(cache, tokens, b * seqLen, seqLen, true);
                    float[] want = java.util.Arrays.copyOfRange(train, b * seqLen * v, (b + 1) * seqLen * v);
                    double err = relativeError(got, want);
                    if (type == DType.F32) {
                        assertThat(err).as("%s F32 sequence %d", label, b).isLessThan(1e-5);
                    } else {
                        assertThat(err).as("%s Q8_0 sequence %d", label, b).isLessThan(0.05);
                    }
                }
            }
        }
    }
}
