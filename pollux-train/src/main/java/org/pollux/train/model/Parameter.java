package org.pollux.train.model;

import java.util.Arrays;
import org.pollux.tensor.Tensor;

/**
 * One trainable tensor: its GGUF name ({@link org.pollux.model.TensorNames}), its ggml shape
 * ({@code [row length, rows]}), fp32 master values and their gradient, and whether AdamW applies
 * weight decay to it.
 */
public final class Parameter {
    private final String name;
    private final long[] shape;
    private final float[] data;
    private final float[] grad;
    private final boolean decay;

    /** A zero-valued parameter with a zero gradient. */
    public Parameter(String name, long[] shape, boolean decay) {
        this.name = name;
        this.shape = shape.clone();
        int n = Math.toIntExact(Tensor.elementCountOf(shape));
        this.data = new float[n];
        this.grad = new float[n];
        this.decay = decay;
    }

    public String name() {
        return name;
    }

    /** ggml order: {@code shape[0]} is the row length. */
    public long[] shape() {
        return shape.clone();
    }

    /** The values (live: the optimizer and the model share this array). */
    public float[] data() {
        return data;
    }

    /** The accumulated gradient (live). */
    public float[] grad() {
        return grad;
    }

    public int size() {
        return data.length;
    }

    /** Whether weight decay applies: matrices yes; norms and the embedding table no. */
    public boolean decay() {
        return decay;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
