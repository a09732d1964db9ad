package org.pollux.serve.files;

/** The metadata database failed (unreachable, full, corrupt); the API answers 500. */
public final class MetadataStoreException extends RuntimeException {
    public MetadataStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
