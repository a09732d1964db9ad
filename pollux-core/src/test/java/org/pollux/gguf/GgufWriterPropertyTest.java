package org.pollux.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.pollux.tensor.DType;

/** Random metadata, tensors and alignments survive a write/read round trip exactly. */
class GgufWriterPropertyTest {
    private static Path dir;

    record TensorSpec(DType type, long[] shape, int seed) {}

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("gguf-prop");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Strings without surrogates (a lone one is not encodable in UTF-8; pairs are covered by GgufWriterTest). */
    private static net.jqwik.api.arbitraries.StringArbitrary strings() {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF').ofMaxLength(12);
    }

    private static Arbitrary<GgufValue.GgufArray> arrays(int depth) {
        Arbitrary<GgufValue.GgufArray> flat = Arbitraries.oneOf(
                strings().array(String[].class).ofMaxSize(4).map(GgufValue.GgufArray::ofStrings),
                Arbitraries.floats().array(float[].class).ofMaxSize(4).map(GgufValue.GgufArray::ofFloats),
                Arbitraries.longs().array(long[].class).ofMaxSize(4).map(l -> GgufValue.GgufArray.ofInts(GgufType.UINT64, l)),
                Arbitraries.integers().between(-128, 127).list().ofMaxSize(4)
                        .map(l -> GgufValue.GgufArray.ofInts(GgufType.INT8, l.stream().mapToLong(Integer::longValue).toArray())),
                Arbitraries.of(true, false).list().ofMaxSize(4).map(l -> {
                    boolean[] b = new boolean[l.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = l.get(i);
                    }
                    return new GgufValue.GgufArray(GgufType.BOOL, b);
                }));
        if (depth == 0) {
            return flat;
        }
        return Arbitraries.oneOf(flat, arrays(depth - 1).list().ofMaxSize(3)
                .map(l -> new GgufValue.GgufArray(GgufType.ARRAY, l.toArray(GgufValue.GgufArray[]::new))));
    }

    private static Arbitrary<GgufValue> values() {
        return Arbitraries.oneOf(
                strings().map(GgufValue::ofString),
                Arbitraries.longs().between(0, 255).map(v -> new GgufValue(GgufType.UINT8, v)),
                Arbitraries.longs().between(Short.MIN_VALUE, Short.MAX_VALUE).map(v -> new GgufValue(GgufType.INT16, v)),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(GgufValue::ofU32),
                Arbitraries.integers().map(GgufValue::ofI32),
                Arbitraries.longs().map(v -> new GgufValue(GgufType.UINT64, v)),
                Arbitraries.longs().map(v -> new GgufValue(GgufType.INT64, v)),
                Arbitraries.floats().map(GgufValue::ofF32),
                Arbitraries.doubles().map(v -> new GgufValue(GgufType.FLOAT64, v)),
                Arbitraries.of(true, false).map(GgufValue::ofBool),
                arrays(2).map(GgufValue::ofArray));
    }

    @Provide
    Arbitrary<Map<String, GgufValue>> metadata() {
        return Arbitraries.maps(strings().ofMinLength(1), values()).ofMaxSize(8).map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<List<TensorSpec>> tensors() {
        Arbitrary<DType> types = Arbitraries.of(DType.F32, DType.F16, DType.BF16, DType.Q4_0, DType.Q8_0, DType.Q4_K, DType.I8);
        Arbitrary<TensorSpec> spec = types.flatMap(t -> Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(4)
                .flatMap(dims -> Arbitraries.integers().map(seed -> {
                    long[] shape = dims.stream().mapToLong(Integer::longValue).toArray();
                    shape[0] *= t.blockSize();
                    return new TensorSpec(t, shape, seed);
                })));
        return spec.list().ofMaxSize(5);
    }

    @Property(tries = 100, seed = "7")
    void writeThenReadGivesBackEverything(@ForAll("metadata") Map<String, GgufValue> metadata,
            @ForAll("tensors") List<TensorSpec> tensors, @ForAll("alignments") int alignment) {
        GgufWriter w = new GgufWriter().putAll(metadata).alignment(alignment);
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            w.addTensor("t" + i, t.type(), t.shape(), target -> fill(target, t.seed()));
        }
        Path out = dir.resolve("p.gguf");
        w.write(out);
        try (GgufFile f = GgufFile.open(out)) {
            Map<String, GgufValue> expected = new LinkedHashMap<>(metadata);
            if (alignment != 32) {
                expected.put(GgufFile.KEY_ALIGNMENT, GgufValue.ofU32(alignment));
            }
            assertThat(f.metadata().asMap()).containsExactlyEntriesOf(expected);
            assertThat(f.alignment()).isEqualTo(alignment);
            for (int i = 0; i < tensors.size(); i++) {
                TensorSpec t = tensors.get(i);
                var read = f.tensor("t" + i);
                assertThat(read.type()).isEqualTo(t.type());
                assertThat(read.shape()).containsExactly(t.shape());
                MemorySegment want = MemorySegment.ofArray(new byte[(int) read.data().byteSize()]);
                fill(want, t.seed());
                assertThat(read.data().mismatch(want)).isEqualTo(-1L);
            }
        }
    }

    @Provide
    Arbitrary<Integer> alignments() {
        return Arbitraries.of(8, 16, 32, 64, 4096);
    }

    private static void fill(MemorySegment target, int seed) {
        for (long i = 0; i < target.byteSize(); i++) {
            target.set(ValueLayout.JAVA_BYTE, i, (byte) (seed + i * 17));
        }
    }
}
