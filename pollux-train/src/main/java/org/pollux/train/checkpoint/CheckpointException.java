package org.pollux.train.checkpoint;

import java.nio.file.Path;

/** A checkpoint that cannot be written, read or resumed from; the message names the file and, where one is at fault, the field or tensor. */
public class CheckpointException extends RuntimeException {
    private final Path file;

    public CheckpointException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public CheckpointException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file (or checkpoint directory) at fault. */
    public Path file() {
        return file;
    }
}
