package org.pollux.safetensors;

import java.nio.file.Path;

/** A safetensors file that cannot be read or written: names the file and, where known, the tensor. */
public class SafetensorsException extends RuntimeException {
    private final Path file;
    private final String tensor;

    public SafetensorsException(Path file, String tensor, String message) {
        super(format(file, tensor, message));
        this.file = file;
        this.tensor = tensor;
    }

    public SafetensorsException(Path file, String tensor, String message, Throwable cause) {
        super(format(file, tensor, message), cause);
        this.file = file;
        this.tensor = tensor;
    }

    private static String format(Path file, String tensor, String message) {
        String where = file == null ? "<memory>" : file.toString();
        return tensor == null ? where + ": " + message : where + ": tensor '" + tensor + "': " + message;
    }

    public Path file() {
        return file;
    }

    /** The tensor concerned, or null when the problem is with the file as a whole. */
    public String tensor() {
        return tensor;
    }
}
