package org.pollux.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file of known size atomically: the content goes to a memory-mapped temporary file in
 * the target's directory, is forced to disk, and only then moved over the target. On any failure
 * the temporary file is deleted and an existing target stays untouched. Shared by the GGUF and
 * safetensors writers.
 */
public final class AtomicFileWriter {
    /** Suffix of the temporary file; a leftover one (after a crash) is safe to delete. */
    public static final String TEMP_SUFFIX = ".pollux-tmp";

    /** Fills the whole mapped output; the segment starts zeroed. */
    @FunctionalInterface
    public interface Content {
        void writeTo(MemorySegment file) throws IOException;
    }

    private AtomicFileWriter() {}

    /**
     * Writes {@code size} bytes produced by {@code content} to {@code out}. IO failures are
     * reported as {@link IOException}; exceptions thrown by {@code content} propagate unchanged.
     */
    public static void write(Path out, long size, Content content) throws IOException {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a directory");
        }
        Path tmp = dir.resolve(target.getFileName() + TEMP_SUFFIX);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
                    Arena arena = Arena.ofShared()) {
                if (size > 0) {
                    // Shared, not confined: fillers may fan out over worker threads (e.g. parallel quantization).
                    // Mapping READ_WRITE past the end grows the file; the new bytes read as zero,
                    // which provides all padding for free.
                    MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
                    content.writeTo(seg);
                    seg.force();
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
