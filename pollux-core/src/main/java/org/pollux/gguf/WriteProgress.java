package org.pollux.gguf;

/** Progress of a long file write: called after each tensor with bytes written so far and the total. */
@FunctionalInterface
public interface WriteProgress {
    void update(long bytesWritten, long totalBytes);

    WriteProgress NONE = (written, total) -> {};
}
