package org.pollux.gguf;

import org.pollux.tensor.DType;

/** One tensor-info entry: name, type, ggml-ordered dims, and offset relative to the data section. */
public record GgufTensorInfo(String name, DType type, long[] shape, long offset) {
    public GgufTensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return org.pollux.tensor.Tensor.elementCountOf(shape);
    }

    public long byteSize() {
        return type.bytesFor(elementCount());
    }
}
