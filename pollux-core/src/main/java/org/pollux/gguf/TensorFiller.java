package org.pollux.gguf;

import java.lang.foreign.MemorySegment;

/**
 * Writes one tensor's bytes straight into the output file. The target is exactly the tensor's
 * slice of the memory-mapped output (its byte size is the tensor's size), so a writer never holds
 * a whole model in memory. Shared by the GGUF and safetensors writers.
 */
@FunctionalInterface
public interface TensorFiller {
    void fill(MemorySegment target);

    /** A filler that copies {@code source} (which must have the target's size). */
    static TensorFiller copyOf(MemorySegment source) {
        return target -> MemorySegment.copy(source, 0, target, 0, target.byteSize());
    }
}
