package org.pollux.train.data;

/** A training-data problem (unreadable or empty source, malformed JSONL, bad shard) with a message that names the file. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
