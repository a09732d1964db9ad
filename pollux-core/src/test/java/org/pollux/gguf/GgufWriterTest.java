package org.pollux.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.tensor.DType;
import org.pollux.tensor.Tensor;

class GgufWriterTest {
    @TempDir
    Path dir;

    /** Every metadata type, including nested, empty and bool arrays, unicode and extreme integers. */
    static Map<String, GgufValue> everyType() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.ofString("gemma3"));
        m.put("t.u8", new GgufValue(GgufType.UINT8, 255L));
        m.put("t.i8", new GgufValue(GgufType.INT8, -128L));
        m.put("t.u16", new GgufValue(GgufType.UINT16, 65535L));
        m.put("t.i16", new GgufValue(GgufType.INT16, -32768L));
        m.put("t.u32", GgufValue.ofU32(0xFFFF_FFFFL));
        m.put("t.i32", GgufValue.ofI32(Integer.MIN_VALUE));
        m.put("t.u64.max", new GgufValue(GgufType.UINT64, -1L)); // 2^64-1 as a bit pattern
        m.put("t.i64", new GgufValue(GgufType.INT64, Long.MIN_VALUE));
        m.put("t.f32", GgufValue.ofF32(-1.5e-7f));
        m.put("t.f64", new GgufValue(GgufType.FLOAT64, Math.PI));
        m.put("t.bool.true", GgufValue.ofBool(true));
        m.put("t.bool.false", GgufValue.ofBool(false));
        m.put("t.string.unicode", GgufValue.ofString("héllo ▁wörld 🦙 日本語"));
        m.put("t.string.empty", GgufValue.ofString(""));
        m.put("t.arr.str", GgufValue.ofArray(GgufValue.GgufArray.ofStrings("a", "", "<unk>", "🦙")));
        m.put("t.arr.f32", GgufValue.ofArray(GgufValue.GgufArray.ofFloats(1f, -0f, Float.NaN, Float.MAX_VALUE)));
        m.put("t.arr.f64", GgufValue.ofArray(new GgufValue.GgufArray(GgufType.FLOAT64, new double[] {1e300, -2})));
        m.put("t.arr.bool", GgufValue.ofArray(new GgufValue.GgufArray(GgufType.BOOL, new boolean[] {true, false, true})));
        m.put("t.arr.u8", GgufValue.ofArray(GgufValue.GgufArray.ofInts(GgufType.UINT8, 0, 1, 255)));
        m.put("t.arr.i16", GgufValue.ofArray(GgufValue.GgufArray.ofInts(GgufType.INT16, -32768, 32767)));
        m.put("t.arr.i32", GgufValue.ofArray(GgufValue.GgufArray.ofInts(GgufType.INT32, 3, -4, 5)));
        m.put("t.arr.u64", GgufValue.ofArray(GgufValue.GgufArray.ofInts(GgufType.UINT64, -1L, 0L)));
        m.put("t.arr.i64", GgufValue.ofArray(GgufValue.GgufArray.ofInts(GgufType.INT64, Long.MAX_VALUE)));
        m.put("t.arr.empty", GgufValue.ofArray(GgufValue.GgufArray.ofStrings()));
        m.put("t.arr.empty.f32", GgufValue.ofArray(GgufValue.GgufArray.ofFloats()));
        m.put("t.arr.nested", GgufValue.ofArray(new GgufValue.GgufArray(GgufType.ARRAY, new GgufValue.GgufArray[] {
            GgufValue.GgufArray.ofInts(GgufType.INT32, 1, 2),
            GgufValue.GgufArray.ofStrings("x"),
            new GgufValue.GgufArray(GgufType.ARRAY, new GgufValue.GgufArray[] {GgufValue.GgufArray.ofFloats(7f)}),
            GgufValue.GgufArray.ofInts(GgufType.UINT8)})));
        return m;
    }

    static byte[] pattern(long n, int seed) {
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >>> 8));
        }
        return b;
    }

    @Test
    void roundTripsEveryMetadataType() {
        Path out = dir.resolve("meta.gguf");
        new GgufWriter().putAll(everyType()).write(out);
        try (GgufFile f = GgufFile.open(out)) {
            assertThat(f.version()).isEqualTo(3);
            assertThat(f.metadata().asMap()).containsExactlyEntriesOf(everyType());
            assertThat(f.tensorInfos()).isEmpty();
            assertThat(f.metadata().getLong("t.u64.max")).isEqualTo(-1L);
            assertThat(Long.toUnsignedString(f.metadata().getLong("t.u64.max"))).isEqualTo("18446744073709551615");
        }
    }

    @Test
    void roundTripsTensorsOfSeveralTypesAndShapes() {
        record Spec(String name, DType type, long[] shape) {}
        List<Spec> specs = List.of(
                new Spec("a.f32", DType.F32, new long[] {3}),
                new Spec("b.f16", DType.F16, new long[] {5, 3}),
                new Spec("c.q4_0", DType.Q4_0, new long[] {64, 2, 3}),
                new Spec("d.q6_k", DType.Q6_K, new long[] {256, 1, 1, 2}),
                new Spec("e.bf16", DType.BF16, new long[] {7, 0}),
                new Spec("f.i8", DType.I8, new long[] {33}));
        GgufWriter w = new GgufWriter().put("general.architecture", GgufValue.ofString("test"));
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            int seed = i;
            w.addTensor(s.name(), s.type(), s.shape(), target -> MemorySegment.copy(
                    MemorySegment.ofArray(pattern(target.byteSize(), seed)), 0, target, 0, target.byteSize()));
        }
        List<long[]> progress = new ArrayList<>();
        w.progress((done, total) -> progress.add(new long[] {done, total}));
        Path out = dir.resolve("t.gguf");
        w.write(out);
        try (GgufFile f = GgufFile.open(out)) {
            assertThat(f.tensorInfos().keySet()).containsExactly("a.f32", "b.f16", "c.q4_0", "d.q6_k", "e.bf16", "f.i8");
            long expectedOffset = 0;
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                Tensor t = f.tensor(s.name());
                assertThat(t.type()).isEqualTo(s.type());
                assertThat(t.shape()).containsExactly(s.shape());
                assertThat(t.data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(pattern(t.data().byteSize(), i));
                assertThat(f.tensorInfos().get(s.name()).offset()).isEqualTo(expectedOffset);
                expectedOffset += GgufFile.alignUp(t.data().byteSize(), 32);
            }
            assertThat(f.dataStart() % 32).isZero();
            assertThat(f.fileSize()).isEqualTo(f.dataStart() + expectedOffset);
            assertThat(progress).hasSize(specs.size());
            assertThat(progress.getLast()[0]).isEqualTo(f.fileSize()).isEqualTo(progress.getLast()[1]);
        }
    }

    @Test
    void customAlignmentIsWrittenAndHonoured() throws IOException {
        Path out = dir.resolve("align.gguf");
        new GgufWriter().alignment(64)
                .addTensor("x", DType.F32, new long[] {3}, t -> t.fill((byte) 1))
                .addTensor("y", DType.F32, new long[] {5}, t -> t.fill((byte) 2))
                .write(out);
        try (GgufFile f = GgufFile.open(out)) {
            assertThat(f.alignment()).isEqualTo(64);
            assertThat(f.metadata().getLong(GgufFile.KEY_ALIGNMENT)).isEqualTo(64);
            assertThat(f.dataStart() % 64).isZero();
            assertThat(f.tensorInfos().get("y").offset()).isEqualTo(64);
            assertThat(f.fileSize()).isEqualTo(f.dataStart() + 128);
        }
        byte[] bytes = Files.readAllBytes(out);
        // padding between x (12 bytes) and y is zero
        try (GgufFile f = GgufFile.open(out)) {
            for (long i = f.dataStart() + 12; i < f.dataStart() + 64; i++) {
                assertThat(bytes[(int) i]).isZero();
            }
        }
    }

    @Test
    void defaultAlignmentWritesNoKey() {
        Path out = dir.resolve("a32.gguf");
        new GgufWriter().alignment(32).addTensor("x", DType.F32, new long[] {1}, t -> {}).write(out);
        try (GgufFile f = GgufFile.open(out)) {
            assertThat(f.metadata().has(GgufFile.KEY_ALIGNMENT)).isFalse();
        }
    }

    @Test
    void fillersMayWriteFromOtherThreads() {
        Path out = dir.resolve("parallel.gguf");
        new GgufWriter().addTensor("big", DType.F32, new long[] {1024, 64}, target ->
                java.util.stream.IntStream.range(0, 64).parallel().forEach(row ->
                        target.asSlice(row * 4096L, 4096).fill((byte) row))).write(out);
        try (GgufFile f = GgufFile.open(out)) {
            MemorySegment data = f.tensor("big").data();
            for (int row = 0; row < 64; row++) {
                assertThat(data.get(ValueLayout.JAVA_BYTE, row * 4096L + 4095)).isEqualTo((byte) row);
            }
        }
    }

    @Test
    void writingIntoAMissingDirectoryFailsCleanly() {
        Path out = dir.resolve("no/such/dir/x.gguf");
        assertThatThrownBy(() -> new GgufWriter().put("k", GgufValue.ofBool(true)).write(out))
                .isInstanceOf(GgufException.class).hasMessageContaining("x.gguf");
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void copiesTensorsFromAnotherFile() {
        Path first = dir.resolve("first.gguf");
        new GgufWriter().addTensor("w", DType.F16, new long[] {4, 2},
                t -> MemorySegment.copy(MemorySegment.ofArray(pattern(16, 9)), 0, t, 0, 16)).write(first);
        Path second = dir.resolve("second.gguf");
        try (GgufFile f = GgufFile.open(first)) {
            new GgufWriter().addTensor(f.tensor("w")).write(second);
        }
        try (GgufFile f = GgufFile.open(second)) {
            assertThat(f.tensor("w").data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(pattern(16, 9));
        }
    }

    @Test
    void rewritesAFileInPlaceWhileReadingFromIt() {
        Path file = dir.resolve("inplace.gguf");
        new GgufWriter().addTensor("w", DType.F32, new long[] {8}, t -> t.fill((byte) 3)).write(file);
        try (GgufFile f = GgufFile.open(file)) {
            new GgufWriter().put("note", GgufValue.ofString("rewritten")).addTensor(f.tensor("w")).write(file);
        }
        try (GgufFile f = GgufFile.open(file)) {
            assertThat(f.metadata().getString("note")).isEqualTo("rewritten");
            assertThat(f.tensor("w").data().toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 3);
        }
    }

    @Test
    void quantizationVersionHelper() {
        GgufWriter plain = new GgufWriter().addTensor("x", DType.F32, new long[] {1}, t -> {});
        plain.addQuantizationVersionIfNeeded();
        Path p = dir.resolve("p.gguf");
        plain.write(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertThat(f.metadata().has(GgufWriter.KEY_QUANTIZATION_VERSION)).isFalse();
        }
        GgufWriter quant = new GgufWriter().addTensor("q", DType.Q8_0, new long[] {32}, t -> {});
        quant.addQuantizationVersionIfNeeded().addQuantizationVersionIfNeeded();
        Path q = dir.resolve("q.gguf");
        quant.write(q);
        try (GgufFile f = GgufFile.open(q)) {
            GgufValue v = f.metadata().get(GgufWriter.KEY_QUANTIZATION_VERSION).orElseThrow();
            assertThat(v).isEqualTo(GgufValue.ofU32(2));
        }
    }

    @Test
    void rejectsInvalidInput() {
        GgufWriter w = new GgufWriter().put("k", GgufValue.ofI32(1)).addTensor("t", DType.F32, new long[] {1}, x -> {});
        assertThatThrownBy(() -> w.put("k", GgufValue.ofI32(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate metadata key 'k'");
        assertThatThrownBy(() -> w.addTensor("t", DType.F32, new long[] {1}, x -> {}))
                .hasMessageContaining("duplicate tensor name 't'");
        assertThatThrownBy(() -> w.addTensor("n".repeat(64), DType.F32, new long[] {1}, x -> {}))
                .hasMessageContaining("64 bytes");
        w.addTensor("n".repeat(63), DType.F32, new long[] {1}, x -> {});
        assertThatThrownBy(() -> w.addTensor("z", DType.F32, new long[] {}, x -> {})).hasMessageContaining("0 dimensions");
        assertThatThrownBy(() -> w.addTensor("z", DType.F32, new long[] {1, 1, 1, 1, 1}, x -> {}))
                .hasMessageContaining("5 dimensions");
        assertThatThrownBy(() -> w.addTensor("z", DType.Q4_K, new long[] {128, 2}, x -> {}))
                .hasMessageContaining("row length 128").hasMessageContaining("block size 256");
        assertThatThrownBy(() -> w.put("u8", new GgufValue(GgufType.UINT8, 256L))).hasMessageContaining("does not fit UINT8");
        assertThatThrownBy(() -> w.alignment(12)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> w.put(GgufFile.KEY_ALIGNMENT, GgufValue.ofI32(64))).hasMessageContaining("must be u32");
    }

    @Test
    void failingFillerLeavesExistingOutputUntouchedAndNoTempFile() throws IOException {
        Path out = dir.resolve("model.gguf");
        new GgufWriter().put("v", GgufValue.ofI32(1)).addTensor("x", DType.F32, new long[] {8}, t -> t.fill((byte) 5))
                .write(out);
        byte[] before = Files.readAllBytes(out);
        GgufWriter failing = new GgufWriter().put("v", GgufValue.ofI32(2))
                .addTensor("x", DType.F32, new long[] {8}, t -> t.fill((byte) 6))
                .addTensor("y", DType.F32, new long[] {8}, t -> {
                    throw new IllegalStateException("boom");
                });
        assertThatThrownBy(() -> failing.write(out)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.gguf");
        }
    }

    @Test
    void writingOverADirectoryFailsWithGgufException() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> new GgufWriter().write(sub)).isInstanceOf(GgufException.class)
                .hasMessageContaining("directory");
    }
}
