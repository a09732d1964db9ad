package org.pollux.model;

/** A model that cannot be built: unknown architecture, missing tensor, wrong shape or type. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
