package org.pollux.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.SharedFixtures;
import org.pollux.tensor.DType;

class GgufSummaryTest {
    @TempDir
    Path dir;

    @Test
    void summarisesTheTinyGemmaFixture() {
        try (GgufFile f = GgufFile.open(SharedFixtures.fixture("gguf/tiny-gemma3-f32.gguf"))) {
            String s = GgufSummary.of(f);
            assertThat(s).contains("GGUF v3, alignment 32, 990560 bytes");
            assertThat(s).containsPattern("general.architecture +string +\"gemma3\"");
            assertThat(s).containsPattern("gemma3.block_count +u\\w+ +6\n");
            assertThat(s).containsPattern("tokenizer.ggml.tokens +array +array<string>\\[512\\] \\[\"[^\n]*, …\\]\n");
            assertThat(s).containsPattern("token_embd.weight +F32 +\\[64, 512\\] +131072\n");
            long params = f.tensorInfos().values().stream().mapToLong(GgufTensorInfo::elementCount).sum();
            long bytes = f.tensorInfos().values().stream().mapToLong(GgufTensorInfo::byteSize).sum();
            assertThat(s).contains("parameters:  " + params + " (");
            assertThat(s).contains("F32   : " + f.tensorInfos().size() + " tensors, " + params + " parameters, " + bytes + " bytes");
            assertThat(s.lines().filter(l -> l.contains(".weight")).count()).isEqualTo(f.tensorInfos().size());
        }
    }

    @Test
    void rendersValuesOnOneLine() {
        assertThat(GgufSummary.preview(new GgufValue(GgufType.UINT64, -1L))).isEqualTo("18446744073709551615");
        assertThat(GgufSummary.preview(GgufValue.ofString("a\nb\"c"))).isEqualTo("\"a\\nb\\\"c\"");
        assertThat(GgufSummary.preview(GgufValue.ofString("x".repeat(100))))
                .isEqualTo("\"" + "x".repeat(80) + "\"… (100 chars)");
        assertThat(GgufSummary.preview(GgufValue.ofArray(GgufValue.GgufArray.ofInts(GgufType.INT32, 1, 2, 3))))
                .isEqualTo("array<int32>[3] [1, 2, 3]");
        assertThat(GgufSummary.preview(GgufValue.ofArray(GgufValue.GgufArray.ofStrings("a", "b", "c", "d", "e", "f"))))
                .isEqualTo("array<string>[6] [\"a\", \"b\", \"c\", \"d\", \"e\", …]");
        assertThat(GgufSummary.preview(GgufValue.ofArray(new GgufValue.GgufArray(GgufType.ARRAY,
                new GgufValue.GgufArray[] {GgufValue.GgufArray.ofFloats(1f)})))).isEqualTo("array<array>[1] [array<float32>[1]]");
        assertThat(GgufSummary.human(1_234_567, false)).isEqualTo("1.23 M");
        assertThat(GgufSummary.human(3 * 1024 * 1024, true)).isEqualTo("3.00 MiB");
        assertThat(GgufSummary.human(12, true)).isEqualTo("12 B");
    }

    @Test
    void totalsBytesByType() {
        Path p = dir.resolve("mixed.gguf");
        new GgufWriter().addTensor("a", DType.Q8_0, new long[] {64, 2}, t -> {})
                .addTensor("b", DType.F16, new long[] {3}, t -> {})
                .addTensor("c", DType.Q8_0, new long[] {32}, t -> {})
                .write(p);
        try (GgufFile f = GgufFile.open(p)) {
            String s = GgufSummary.of(f);
            assertThat(s).contains("F16   : 1 tensor, 3 parameters, 6 bytes");
            assertThat(s).contains("Q8_0  : 2 tensors, 160 parameters, 170 bytes");
            assertThat(s).contains("parameters:  163 (163)");
            assertThat(s).contains("metadata (0 entries)");
        }
    }
}
