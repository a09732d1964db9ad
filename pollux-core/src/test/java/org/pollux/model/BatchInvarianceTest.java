package org.pollux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pollux.convert.RandomModelWriter;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;

/**
 * A sequence's logits do not depend on the batch it is decoded in: alone ({@link Decoder#forward}
 * of one token) and as any row of batches of 2, 5 and 8 with other sequences at other positions
 * ({@link Decoder#forwardBatch}), bit for bit, step after step. Likewise a prompt chunk's logits
 * and cache: alone ({@link Decoder#forward}) and sharing a {@link Decoder#forwardChunks} call with
 * other sequences' chunks.
 */
class BatchInvarianceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"gemma-3-1b, q4_0", "gemma-3-1b, q8_0", "gemma-2-2b, f16", "llama-3.2-1b, q4_0"})
    void rowsAreBitIdenticalAloneAndInAnyBatch(String preset, String type) {
        ModelConfig c = Presets.tiny(preset);
        Path file = tmp.resolve("m.gguf");
        try (ComputeContext ctx = ComputeContext.of(2)) {
            RandomModelWriter.write(c, DType.parse(type), 7, "t", file, ctx, null);
            try (Decoder m = ModelLoader.load(file, ctx)) {
                SplittableRandom rnd = new SplittableRandom(11);
                // Eight sequences prefilled to different lengths, some past the sliding window (rings wrap).
                KvCache[] prefilled = new KvCache[8];
                int[][] next = new int[8][];
                for (int i = 0; i < 8; i++) {
                    int len = 1 + 3 * i;
                    int[] prompt = rnd.ints(len, 0, c.vocabSize()).toArray();
                    prefilled[i] = m.newCache(64);
                    m.forward(prefilled[i], prompt, 0, len, false);
                    next[i] = rnd.ints(3, 0, c.vocabSize()).toArray();
                }
                // Sequence 3 alone: three decode steps in batches of one.
                KvCache alone = prefilled[3].copy(64);
                float[][] want = new float[3][];
                for (int step = 0; step < 3; step++) {
                    want[step] = m.forwardBatch(new KvCache[] {alone}, new int[] {next[3][step]}, 1);
                }
                for (int size : new int[] {1, 2, 5, 8}) {
                    // Sequence 3 at the last row of the batch, beside sequences 0 .. size-2.
                    KvCache[] caches = new KvCache[size];
                    int[] ids = new int[size];
                    for (int r = 0; r < size; r++) {
                        int seq = r == size - 1 ? 3 : (r >= 3 ? r + 1 : r);
                        caches[r] = prefilled[seq].copy(64);
                    }
                    for (int step = 0; step < 3; step++) {
                        for (int r = 0; r < size; r++) {
                            int seq = r == size - 1 ? 3 : (r >= 3 ? r + 1 : r);
                            ids[r] = next[seq][step];
                        }
                        float[] all = m.forwardBatch(caches, ids, size);
                        float[] row = Arrays.copyOfRange(all, (size - 1) * c.vocabSize(), size * c.vocabSize());
                        assertThat(Arrays.equals(row, want[step]))
                                .as("%s %s: step %d in a batch of %d", preset, type, step, size).isTrue();
                    }
                    for (int r = 0; r < size; r++) {
                        assertThat(caches[r].position()).isEqualTo(prefilled[r == size - 1 ? 3 : (r >= 3 ? r + 1 : r)].position() + 3);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"gemma-3-1b, q4_0", "gemma-2-2b, f16", "llama-3.2-1b, q8_0"})
    void promptChunksAreBitIdenticalAloneAndShared(String preset, String type) {
        ModelConfig c = Presets.tiny(preset);
        Path file = tmp.resolve("m.gguf");
        try (ComputeContext ctx = ComputeContext.of(2)) {
            RandomModelWriter.write(c, DType.parse(type), 7, "t", file, ctx, null);
            try (Decoder m = ModelLoader.load(file, ctx)) {
                SplittableRandom rnd = new SplittableRandom(5);
                // Five sequences at different positions (one past the sliding window), with chunks
                // of 1 to 9 tokens: the 1-token chunk takes the single-sequence path inside the call.
                int[] cached = {0, 3, 40, 7, 1};
                int[] chunk = {9, 4, 6, 1, 2};
                KvCache[] base = new KvCache[5];
                int[][] prompts = new int[5][];
                for (int i = 0; i < 5; i++) {
                    prompts[i] = rnd.ints(cached[i] + chunk[i] + 2, 0, c.vocabSize()).toArray();
                    base[i] = m.newCache(64);
                    if (cached[i] > 0) {
                        m.forward(base[i], prompts[i], 0, cached[i], false);
                    }
                }
                float[][] alone = new float[5][];
                KvCache[] aloneCaches = new KvCache[5];
                for (int i = 0; i < 5; i++) {
                    aloneCaches[i] = base[i].copy(64);
                    alone[i] = m.forward(aloneCaches[i], prompts[i], cached[i], chunk[i], false);
                }
                KvCache[] shared = new KvCache[5];
                for (int i = 0; i < 5; i++) {
                    shared[i] = base[i].copy(64);
                }
                float[] all = m.forwardChunks(shared, prompts, cached, chunk);
                for (int i = 0; i < 5; i++) {
                    float[] row = Arrays.copyOfRange(all, i * c.vocabSize(), (i + 1) * c.vocabSize());
                    assertThat(Arrays.equals(row, alone[i])).as("%s %s: chunk %d", preset, type, i).isTrue();
                    assertThat(shared[i].position()).isEqualTo(cached[i] + chunk[i]);
                }
                // The caches hold the same keys and values: the next token's logits agree too.
                for (int i = 0; i < 5; i++) {
                    int at = cached[i] + chunk[i];
                    float[] next = m.forward(shared[i], prompts[i], at, 2, false);
                    assertThat(Arrays.equals(next, m.forward(aloneCaches[i], prompts[i], at, 2, false)))
                            .as("%s %s: after chunk %d", preset, type, i).isTrue();
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void batchArgumentsAreChecked() {
        ModelConfig c = Presets.tiny("gemma-3-1b");
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared(); ComputeContext ctx = ComputeContext.of(1)) {
            Decoder m = TestModels.random(c, 1, arena, ctx);
            KvCache a = m.newCache(2);
            KvCache full = m.newCache(1);
            m.forward(full, new int[] {1}, 0, 1, false);
            assertThatThrownBy(() -> m.forwardBatch(new KvCache[] {a, a}, new int[] {1, 2}, 2))
                    .hasMessage("batch rows 0 and 1 share one cache");
            assertThatThrownBy(() -> m.forwardBatch(new KvCache[] {a, full}, new int[] {1, 2}, 2))
                    .hasMessage("context overflow: 1 cached + 1 new tokens > capacity 1 (batch row 1)");
            assertThatThrownBy(() -> m.forwardBatch(new KvCache[] {a}, new int[] {1, 2}, 2))
                    .hasMessage("a batch of 2 needs that many caches and tokens, got 1 and 2");
            assertThatThrownBy(() -> m.forwardBatch(new KvCache[] {a}, new int[] {c.vocabSize()}, 1))
                    .hasMessageContaining("outside the vocabulary");
            int[][] prompts = {{1, 2}, {3, 4}};
            assertThatThrownBy(() -> m.forwardChunks(new KvCache[] {a, a}, prompts, new int[] {0, 0}, new int[] {2, 2}))
                    .hasMessage("chunks 0 and 1 share one cache");
            assertThatThrownBy(() -> m.forwardChunks(new KvCache[] {a}, prompts, new int[] {0}, new int[] {2}))
                    .hasMessageContaining("one cache, prompt, offset and length each");
            KvCache b = m.newCache(8);
            assertThatThrownBy(() -> m.forwardChunks(new KvCache[] {b, full}, prompts, new int[] {0, 0},
                    new int[] {2, 2})).hasMessage("context overflow: 1 cached + 2 new tokens > capacity 1 (chunk 1)");
            assertThatThrownBy(() -> m.forwardChunks(new KvCache[] {b, m.newCache(8)}, prompts, new int[] {0, 1},
                    new int[] {2, 2})).hasMessageContaining("token range [1, 3) is invalid");
            assertThat(a.position()).isZero();
            assertThat(b.position()).as("nothing runs when any chunk is invalid").isZero();
        }
    }
}
