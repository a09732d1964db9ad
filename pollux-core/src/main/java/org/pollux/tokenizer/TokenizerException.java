package org.pollux.tokenizer;

/**
 * A tokenizer that cannot be loaded or used: names the source (file, JSON path, metadata key) and,
 * where it applies, the byte offset the problem was found at.
 */
public class TokenizerException extends RuntimeException {
    private final String source;
    private final long offset;

    public TokenizerException(String source, long offset, String message) {
        super(format(source, offset, message));
        this.source = source;
        this.offset = offset;
    }

    public TokenizerException(String source, long offset, String message, Throwable cause) {
        super(format(source, offset, message), cause);
        this.source = source;
        this.offset = offset;
    }

    /** For problems that concern the whole source rather than one byte position. */
    public TokenizerException(String source, String message) {
        this(source, -1, message);
    }

    public TokenizerException(String source, String message, Throwable cause) {
        this(source, -1, message, cause);
    }

    private static String format(String source, long offset, String message) {
        String where = source == null ? "<tokenizer>" : source;
        return offset >= 0 ? where + " @" + offset + ": " + message : where + ": " + message;
    }

    /** The file or description of what was being read. */
    public String source() {
        return source;
    }

    /** Byte offset of the problem, or -1 when it concerns the source as a whole. */
    public long offset() {
        return offset;
    }
}
