package org.pollux.gguf;

import java.nio.file.Path;

/** A GGUF file that cannot be read or used: names the file and, where known, the byte offset. */
public class GgufException extends RuntimeException {
    private final Path file;
    private final long offset;

    public GgufException(Path file, long offset, String message) {
        super(format(file, offset, message));
        this.file = file;
        this.offset = offset;
    }

    public GgufException(Path file, long offset, String message, Throwable cause) {
        super(format(file, offset, message), cause);
        this.file = file;
        this.offset = offset;
    }

    private static String format(Path file, long offset, String message) {
        String where = file == null ? "<memory>" : file.toString();
        return offset >= 0 ? where + " @" + offset + ": " + message : where + ": " + message;
    }

    public Path file() {
        return file;
    }

    /** Byte offset the problem was found at, or -1 when it concerns the file as a whole. */
    public long offset() {
        return offset;
    }
}
