package org.pollux.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.tensor.DType;
import org.pollux.tensor.Tensor;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    static byte[] pattern(long n, int seed) {
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    static void fillPattern(MemorySegment target, int seed) {
        MemorySegment.copy(MemorySegment.ofArray(pattern(target.byteSize(), seed)), 0, target, 0, target.byteSize());
    }

    @Test
    void roundTripsEveryDtypeWithReversedShapes() throws IOException {
        Path out = dir.resolve("model.safetensors");
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt").metadata("note", "ünïcode ✓");
        SafetensorsDType[] types = SafetensorsDType.values();
        for (int i = 0; i < types.length; i++) {
            int seed = i;
            w.addTensor("t." + types[i].name().toLowerCase(), types[i], new long[] {3, 1 + i}, t -> fillPattern(t, seed));
        }
        w.addTensor("scalar", SafetensorsDType.F32, new long[] {}, t -> fillPattern(t, 99));
        w.addTensor("empty", SafetensorsDType.BF16, new long[] {0, 4}, t -> {});
        w.write(out);

        long headerLength = MemorySegment.ofArray(Files.readAllBytes(out))
                .get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        assertThat((8 + headerLength) % 8).isZero();

        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertThat(f.metadata()).containsExactly(
                    java.util.Map.entry("format", "pt"), java.util.Map.entry("note", "ünïcode ✓"));
            assertThat(f.dataStart() % 8).isZero();
            for (int i = 0; i < types.length; i++) {
                String name = "t." + types[i].name().toLowerCase();
                SafetensorsTensorInfo info = f.info(name);
                assertThat(info.dtype()).isEqualTo(types[i]);
                assertThat(info.shape()).containsExactly(3, 1 + i);
                assertThat(f.bytes(name).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(pattern(3L * (1 + i) * types[i].size(), i));
                if (types[i].dtype() != null) {
                    Tensor t = f.tensor(name);
                    assertThat(t.type()).isEqualTo(types[i].dtype());
                    assertThat(t.shape()).containsExactly(1 + i, 3);
                } else {
                    assertThatThrownBy(() -> f.tensor(name)).isInstanceOf(SafetensorsException.class)
                            .hasMessageContaining(name).hasMessageContaining("bytes()");
                }
            }
            assertThat(f.tensor("scalar").shape()).containsExactly(1);
            assertThat(f.info("scalar").shape()).isEmpty();
            assertThat(f.tensor("empty").shape()).containsExactly(4, 0);
            assertThatThrownBy(() -> f.tensor("absent")).isInstanceOf(SafetensorsException.class)
                    .hasMessageContaining("tensor 'absent'");
        }
    }

    @Test
    void copiesGgmlTensorsReversingShape() {
        byte[] data = pattern(2 * 3 * 2, 5);
        Tensor t = new Tensor("w", DType.F16, new long[] {3, 2}, MemorySegment.ofArray(data));
        Path out = dir.resolve("copy.safetensors");
        new SafetensorsWriter().addTensor(t).write(out);
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertThat(f.info("w").shape()).containsExactly(2, 3);
            assertThat(f.tensor("w").shape()).containsExactly(3, 2);
            assertThat(f.bytes("w").toArray(ValueLayout.JAVA_BYTE)).isEqualTo(data);
        }
        Tensor q = new Tensor("q", DType.Q8_0, new long[] {32}, MemorySegment.ofArray(new byte[34]));
        assertThatThrownBy(() -> new SafetensorsWriter().addTensor(q)).hasMessageContaining("Q8_0");
    }

    @Test
    void writerRejectsDuplicatesAndReservedNames() {
        SafetensorsWriter w = new SafetensorsWriter().addTensor("a", SafetensorsDType.F32, new long[] {1}, t -> {});
        assertThatThrownBy(() -> w.addTensor("a", SafetensorsDType.F32, new long[] {1}, t -> {}))
                .hasMessageContaining("duplicate tensor name 'a'");
        assertThatThrownBy(() -> w.addTensor("__metadata__", SafetensorsDType.F32, new long[] {1}, t -> {}))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> w.addTensor("n", SafetensorsDType.F32, new long[] {-1}, t -> {}))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> w.metadata("k", "v").metadata("k", "w")).hasMessageContaining("duplicate metadata key");
    }

    @Test
    void failingFillerLeavesExistingCheckpointUntouched() throws IOException {
        Path out = dir.resolve("ckpt.safetensors");
        new SafetensorsWriter().addTensor("a", SafetensorsDType.F32, new long[] {4}, t -> fillPattern(t, 1)).write(out);
        byte[] before = Files.readAllBytes(out);
        SafetensorsWriter failing = new SafetensorsWriter()
                .addTensor("a", SafetensorsDType.F32, new long[] {4}, t -> fillPattern(t, 2))
                .addTensor("b", SafetensorsDType.F32, new long[] {4}, t -> {
                    throw new IllegalStateException("disk full (simulated)");
                });
        assertThatThrownBy(() -> failing.write(out)).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckpt.safetensors");
        }
    }

    /** Builds a raw file from a header string and data length. */
    private Path raw(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        MemorySegment seg = MemorySegment.ofArray(new byte[8 + h.length + dataBytes]);
        seg.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, h.length);
        MemorySegment.copy(MemorySegment.ofArray(h), 0, seg, 8, h.length);
        Path p = dir.resolve("raw-" + System.nanoTime() + ".safetensors");
        Files.write(p, seg.toArray(ValueLayout.JAVA_BYTE));
        return p;
    }

    private void assertRejects(String json, int dataBytes, String... messageParts) throws IOException {
        Path p = raw(json, dataBytes);
        var a = assertThatThrownBy(() -> SafetensorsFile.open(p)).isInstanceOf(SafetensorsException.class);
        for (String part : messageParts) {
            a.hasMessageContaining(part);
        }
    }

    @Test
    void rejectsMalformedHeaders() throws IOException {
        assertRejects("{\"a\": {\"dtype\": \"F32\"", 0, "not valid JSON");
        assertRejects("[1, 2]", 0, "must be a JSON object");
        assertRejects("{} {}", 0, "not valid JSON");
        assertRejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "Duplicate field 'a'");
        assertRejects("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "tensor 'a'",
                "unsupported dtype 'F8_E4M3'");
        assertRejects("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor 'a'", "dtype");
        assertRejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "shape'[0] = -1");
        assertRejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4, "shape'[0] = 1.5");
        assertRejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8, "data_offsets");
        assertRejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "end before they begin");
        assertRejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes", "span 8");
        assertRejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8,
                "overflows");
        assertRejects("{\"__metadata__\":{\"k\":1}}", 0, "must be a string");
        assertRejects("{\"__metadata__\":[]}", 0, "object of strings");
    }

    @Test
    void rejectsBadLayouts() throws IOException {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        assertRejects("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
                "tensor 'b'", "overlap tensor 'a'");
        assertRejects("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16,
                "tensor 'b'", "gap");
        assertRejects("{" + a + "}", 12, "cover 8 bytes", "has 12 bytes");
        assertRejects("{" + a + "}", 4, "tensor 'a'", "extend past the data section", "truncated");
    }

    @Test
    void rejectsBadFilesClearly() throws IOException {
        assertThatThrownBy(() -> SafetensorsFile.open(dir)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("directory");
        Path empty = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(empty)).hasMessageContaining("empty file");
        Path shortFile = Files.write(dir.resolve("short.safetensors"), new byte[5]);
        assertThatThrownBy(() -> SafetensorsFile.open(shortFile)).hasMessageContaining("too short");
        Path absent = dir.resolve("absent.safetensors");
        assertThatThrownBy(() -> SafetensorsFile.open(absent)).hasMessageContaining("not found");
        Path huge = Files.write(dir.resolve("huge.safetensors"), new byte[] {-1, -1, -1, -1, -1, -1, -1, 0x7f, '{', '}'});
        assertThatThrownBy(() -> SafetensorsFile.open(huge)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("not plausible");
    }

    @Test
    void everyTruncationIsASafetensorsException() throws IOException {
        Path out = dir.resolve("t.safetensors");
        new SafetensorsWriter().metadata("format", "pt")
                .addTensor("a", SafetensorsDType.BF16, new long[] {2, 3}, t -> fillPattern(t, 1))
                .addTensor("b", SafetensorsDType.I64, new long[] {2}, t -> fillPattern(t, 2))
                .write(out);
        byte[] full = Files.readAllBytes(out);
        Path cut = dir.resolve("cut.safetensors");
        for (int len = 0; len < full.length; len++) {
            Files.write(cut, java.util.Arrays.copyOf(full, len));
            assertThatThrownBy(() -> SafetensorsFile.open(cut).close()).as("truncated to %d bytes", len)
                    .isInstanceOf(SafetensorsException.class);
        }
    }
}
