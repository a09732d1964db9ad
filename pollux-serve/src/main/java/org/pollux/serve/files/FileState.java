package org.pollux.serve.files;

/** {@code File.state} as the API names it. Uploaded files are ACTIVE once their bytes are stored. */
public enum FileState {
    /** Reserved while the bytes of a finished upload are moved into place (milliseconds). */
    PROCESSING,
    ACTIVE,
    FAILED
}
