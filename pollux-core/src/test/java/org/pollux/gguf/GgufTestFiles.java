package org.pollux.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pollux.tensor.DType;

/** Small valid GGUF files and raw header building blocks for the reader's robustness tests. */
final class GgufTestFiles {
    private GgufTestFiles() {}

    /**
     * A small file exercising every metadata type and three tensors; the last tensor's size is a
     * multiple of 32, so the file has no trailing padding and every truncation cuts real content.
     */
    static byte[] small(Path dir) throws IOException {
        Path p = dir.resolve("small-" + System.nanoTime() + ".gguf");
        new GgufWriter().putAll(GgufWriterTest.everyType())
                .addTensor("a", DType.F16, new long[] {3, 2}, t -> t.fill((byte) 0x3c))
                .addTensor("b", DType.Q8_0, new long[] {32}, t -> t.fill((byte) 1))
                .addTensor("c", DType.F32, new long[] {4, 2}, t -> t.fill((byte) 7))
                .write(p);
        byte[] bytes = Files.readAllBytes(p);
        Files.delete(p);
        return bytes;
    }

    /** Starts a raw v3 header with the given counts. */
    static GgufHeaderEncoder header(long tensorCount, long kvCount) {
        GgufHeaderEncoder e = new GgufHeaderEncoder();
        e.u32(GgufFile.MAGIC);
        e.u32(3);
        e.u64(tensorCount);
        e.u64(kvCount);
        return e;
    }

    static void tensorInfo(GgufHeaderEncoder e, String name, DType type, long offset, long... dims) {
        e.string(name);
        e.u32(dims.length);
        for (long d : dims) {
            e.u64(d);
        }
        e.u32(type.ggmlId());
        e.u64(offset);
    }

    /** Writes the header, zero padding to 32, and {@code dataBytes} zero bytes of tensor data. */
    static Path save(Path dir, GgufHeaderEncoder e, long dataBytes) throws IOException {
        byte[] header = e.toByteArray();
        long start = GgufFile.alignUp(header.length, 32);
        byte[] file = new byte[(int) (start + dataBytes)];
        System.arraycopy(header, 0, file, 0, header.length);
        Path p = dir.resolve("raw-" + System.nanoTime() + ".gguf");
        Files.write(p, file);
        return p;
    }

    /** Opens the file and touches every tensor's bytes, as a loader would. */
    static void openAndTouch(Path p) {
        try (GgufFile f = GgufFile.open(p)) {
            for (String name : f.tensorInfos().keySet()) {
                MemorySegment data = f.tensor(name).data();
                if (data.byteSize() > 0) {
                    data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, data.byteSize() - 1);
                }
            }
            f.metadata().asMap().values().forEach(String::valueOf);
        }
    }
}
