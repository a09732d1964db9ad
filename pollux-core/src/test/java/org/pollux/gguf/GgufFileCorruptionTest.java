package org.pollux.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.tensor.DType;

/** The reader must turn every malformed file into a {@link GgufException} that says where and what. */
class GgufFileCorruptionTest {
    @TempDir
    Path dir;

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejects(Path p) {
        return assertThatThrownBy(() -> GgufFile.open(p)).isInstanceOf(GgufException.class);
    }

    private Path write(byte[] bytes) throws IOException {
        Path p = dir.resolve("f-" + System.nanoTime() + ".gguf");
        Files.write(p, bytes);
        return p;
    }

    @Test
    void everyTruncationIsAGgufException() throws IOException {
        byte[] full = GgufTestFiles.small(dir);
        GgufTestFiles.openAndTouch(write(full));
        Path p = dir.resolve("truncated.gguf");
        for (int len = 0; len < full.length; len++) {
            Files.write(p, Arrays.copyOf(full, len));
            int cut = len;
            assertThatThrownBy(() -> GgufTestFiles.openAndTouch(p)).as("truncated to %d of %d bytes", cut, full.length)
                    .isInstanceOf(GgufException.class);
        }
    }

    @Test
    void readsVersion2AndRejectsVersion1WithAClearMessage() throws IOException {
        byte[] bytes = GgufTestFiles.small(dir);
        bytes[4] = 2;
        try (GgufFile f = GgufFile.open(write(bytes))) {
            assertThat(f.version()).isEqualTo(2);
            assertThat(f.metadata().asMap()).containsExactlyEntriesOf(GgufWriterTest.everyType());
            assertThat(f.tensorInfos()).hasSize(3);
        }
        bytes[4] = 1;
        assertRejects(write(bytes)).hasMessageContaining("@4").hasMessageContaining("version 1")
                .hasMessageContaining("re-convert");
        bytes[4] = 4;
        assertRejects(write(bytes)).hasMessageContaining("unsupported GGUF version 4");
    }

    @Test
    void rejectsEmptyFilesDirectoriesMissingFilesAndBadMagic() throws IOException {
        assertRejects(write(new byte[0])).hasMessageContaining("empty file");
        assertRejects(dir).hasMessageContaining("directory");
        assertRejects(dir.resolve("absent.gguf")).hasMessageContaining("not found");
        byte[] bytes = GgufTestFiles.small(dir);
        bytes[0] = 'X';
        assertRejects(write(bytes)).hasMessageContaining("not a GGUF file");
    }

    @Test
    void rejectsCorruptMetadata() throws IOException {
        GgufHeaderEncoder badType = GgufTestFiles.header(0, 1);
        badType.string("my.key");
        badType.u32(13);
        assertRejects(GgufTestFiles.save(dir, badType, 64)).hasMessageContaining("my.key")
                .hasMessageContaining("unknown metadata type code 13").hasMessageContaining("@38");

        GgufHeaderEncoder hugeString = GgufTestFiles.header(0, 1);
        hugeString.u64(1L << 40);
        assertRejects(GgufTestFiles.save(dir, hugeString, 64)).hasMessageContaining("string length 1099511627776");

        GgufHeaderEncoder hugeCount = GgufTestFiles.header(0, 1_000_000);
        assertRejects(GgufTestFiles.save(dir, hugeCount, 0)).hasMessageContaining("metadata count 1000000");

        GgufHeaderEncoder negativeCount = GgufTestFiles.header(-1, 0);
        assertRejects(GgufTestFiles.save(dir, negativeCount, 0)).hasMessageContaining("tensor count 18446744073709551615");

        GgufHeaderEncoder hugeArray = GgufTestFiles.header(0, 1);
        hugeArray.string("arr");
        hugeArray.u32(GgufType.ARRAY.code());
        hugeArray.u32(GgufType.STRING.code());
        hugeArray.u64(Integer.MAX_VALUE - 100);
        assertRejects(GgufTestFiles.save(dir, hugeArray, 0)).hasMessageContaining("array 'arr'");

        GgufHeaderEncoder badBool = GgufTestFiles.header(0, 1);
        badBool.string("flag");
        badBool.u32(GgufType.BOOL.code());
        badBool.u8(2);
        assertRejects(GgufTestFiles.save(dir, badBool, 0)).hasMessageContaining("'flag'").hasMessageContaining("bool byte is 2");

        GgufHeaderEncoder dup = GgufTestFiles.header(0, 2);
        for (int i = 0; i < 2; i++) {
            dup.string("k");
            dup.u32(GgufType.UINT8.code());
            dup.u8(i);
        }
        assertRejects(GgufTestFiles.save(dir, dup, 0)).hasMessageContaining("duplicate metadata key 'k'");

        GgufHeaderEncoder deep = GgufTestFiles.header(0, 1);
        deep.string("deep");
        deep.u32(GgufType.ARRAY.code());
        for (int i = 0; i < 20; i++) {
            deep.u32(GgufType.ARRAY.code());
            deep.u64(1);
        }
        assertRejects(GgufTestFiles.save(dir, deep, 64)).hasMessageContaining("nested deeper");

        GgufHeaderEncoder badAlign = GgufTestFiles.header(0, 1);
        badAlign.string(GgufFile.KEY_ALIGNMENT);
        badAlign.u32(GgufType.UINT32.code());
        badAlign.u32(48);
        assertRejects(GgufTestFiles.save(dir, badAlign, 0)).hasMessageContaining("48 is not a power of two");
    }

    @Test
    void rejectsCorruptTensorInfos() throws IOException {
        assertTensorRejected("dimensions (allowed 1..4)", e -> GgufTestFiles.tensorInfo(e, "t", DType.F32, 0));
        assertTensorRejected("5 dimensions", e -> GgufTestFiles.tensorInfo(e, "t", DType.F32, 0, 1, 1, 1, 1, 1));
        assertTensorRejected("negative dimension", e -> GgufTestFiles.tensorInfo(e, "t", DType.F32, 0, -4));
        assertTensorRejected("overflows", e -> GgufTestFiles.tensorInfo(e, "t", DType.F32, 0, 1L << 40, 1L << 40));
        assertTensorRejected("block size 32", e -> GgufTestFiles.tensorInfo(e, "t", DType.Q4_0, 0, 16));
        assertTensorRejected("not a multiple of the alignment 32", e -> GgufTestFiles.tensorInfo(e, "t", DType.F32, 4, 1));
        assertTensorRejected("beyond the end of the file", e -> GgufTestFiles.tensorInfo(e, "t", DType.F32, 1L << 40, 1));
        assertTensorRejected("beyond the end of the file", e -> GgufTestFiles.tensorInfo(e, "t", DType.F32, -32, 1));
        assertTensorRejected("extends past the end", e -> GgufTestFiles.tensorInfo(e, "t", DType.F32, 0, 1000));
        assertTensorRejected("ggml allows at most 63", e -> GgufTestFiles.tensorInfo(e, "x".repeat(64), DType.F32, 0, 1));
        assertTensorRejected("unknown ggml type 99", e -> {
            e.string("weird");
            e.u32(1);
            e.u64(1);
            e.u32(99);
            e.u64(0);
        });
        assertTwoTensorsRejected("duplicate tensor name 't'", e -> {
            GgufTestFiles.tensorInfo(e, "t", DType.F32, 0, 1);
            GgufTestFiles.tensorInfo(e, "t", DType.F32, 32, 1);
        });
        assertTwoTensorsRejected("'u' at data offset 0 overlaps tensor 't'", e -> {
            GgufTestFiles.tensorInfo(e, "t", DType.F32, 0, 16);
            GgufTestFiles.tensorInfo(e, "u", DType.F32, 0, 1);
        });
    }

    private void assertTensorRejected(String message, java.util.function.Consumer<GgufHeaderEncoder> infos)
            throws IOException {
        assertTensorsRejected(1, message, infos);
    }

    private void assertTwoTensorsRejected(String message, java.util.function.Consumer<GgufHeaderEncoder> infos)
            throws IOException {
        assertTensorsRejected(2, message, infos);
    }

    private void assertTensorsRejected(int count, String message, java.util.function.Consumer<GgufHeaderEncoder> infos)
            throws IOException {
        GgufHeaderEncoder e = GgufTestFiles.header(count, 0);
        infos.accept(e);
        assertRejects(GgufTestFiles.save(dir, e, 64)).hasMessageContaining(message);
    }

    @Test
    void messagesNameTheTensor() throws IOException {
        GgufHeaderEncoder e = GgufTestFiles.header(1, 0);
        GgufTestFiles.tensorInfo(e, "blk.0.attn_q.weight", DType.F32, 0, 64, 64);
        assertRejects(GgufTestFiles.save(dir, e, 100)).hasMessageContaining("blk.0.attn_q.weight")
                .hasMessageContaining("16384 bytes").hasMessageContaining("truncated");
    }
}
