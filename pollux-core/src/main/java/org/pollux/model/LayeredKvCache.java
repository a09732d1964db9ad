package org.pollux.model;

/**
 * The decoder's {@link KvCache}: per layer, keys and values as float rows of {@code kvDim}.
 * Global layers hold every position up to the capacity; local (sliding-window) layers hold a ring
 * of {@code W} slots, position p in slot p mod W, so a long context costs memory only in the global
 * layers (Gemma 3 1B at 32k: 4 global layers × 32768 × 2 × 256 floats ≈ 268 MB, 22 rings ≈ 23 MB).
 */
public final class LayeredKvCache implements KvCache {
    private final ModelConfig config;
    private final int capacity;
    private final int kvDim;
    private final int[] slots;
    private final float[][] keys;
    private final float[][] values;
    private int position;

    LayeredKvCache(ModelConfig c, int capacity) {
        if (capacity < 1 || capacity > c.contextLength()) {
            throw new IllegalArgumentException("cache capacity must be in 1.." + c.contextLength()
                    + " (the model's context), got " + capacity);
        }
        this.config = c;
        this.capacity = capacity;
        this.kvDim = c.kvDim();
        this.slots = new int[c.layers()];
        this.keys = new float[c.layers()][];
        this.values = new float[c.layers()][];
        for (int l = 0; l < c.layers(); l++) {
            slots[l] = slotsFor(c, l, capacity);
            keys[l] = new float[Math.multiplyExact(slots[l], kvDim)];
            values[l] = new float[slots[l] * kvDim];
        }
    }

    static int slotsFor(ModelConfig c, int layer, int capacity) {
        return c.isLocal(layer) ? Math.min(c.slidingWindow(), capacity) : capacity;
    }

    /** Bytes a cache of this capacity takes, without allocating it. */
    public static long bytesFor(ModelConfig c, int capacity) {
        long b = 0;
        for (int l = 0; l < c.layers(); l++) {
            b += 2L * slotsFor(c, l, capacity) * c.kvDim() * Float.BYTES;
        }
        return b;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long bytes() {
        long b = 0;
        for (int l = 0; l < keys.length; l++) {
            b += (long) (keys[l].length + values[l].length) * Float.BYTES;
        }
        return b;
    }

    /** Copies every position a continuation can still attend to (for rings: the last window). */
    @Override
    public LayeredKvCache copy(int newCapacity) {
        if (newCapacity < position) {
            throw new IllegalArgumentException("a copy of a cache holding " + position + " positions needs capacity >= "
                    + position + ", got " + newCapacity);
        }
        LayeredKvCache copy = new LayeredKvCache(config, newCapacity);
        for (int l = 0; l < slots.length; l++) {
            int kept = Math.min(slots[l], copy.slots[l]);
            for (int j = Math.max(0, position - kept); j < position; j++) {
                System.arraycopy(keys[l], rowOffset(l, j), copy.keys[l], copy.rowOffset(l, j), kvDim);
                System.arraycopy(values[l], rowOffset(l, j), copy.values[l], copy.rowOffset(l, j), kvDim);
            }
        }
        copy.position = position;
        return copy;
    }

    /**
     * Truncating is possible while every ring still holds the window that position {@code p}
     * needs: positions max(0, p − W + 1) .. p − 1 must not have been overwritten.
     */
    @Override
    public void truncate(int p) {
        if (p < 0 || p > position) {
            throw new IllegalArgumentException("cannot truncate a cache at position " + position + " to " + p);
        }
        for (int l = 0; l < slots.length; l++) {
            if (slots[l] < capacity) {
                int w = slots[l];
                int oldestKept = Math.max(0, position - w);
                if (Math.max(0, p - w + 1) < oldestKept) {
                    throw new IllegalStateException("cannot rewind the sliding-window cache of layer " + l + " from "
                            + position + " to " + p + ": positions before " + oldestKept + " were overwritten");
                }
            }
        }
        position = p;
    }

    /** Storage of layer {@code l}'s keys; row of position j at {@link #rowOffset}. */
    float[] keys(int l) {
        return keys[l];
    }

    float[] values(int l) {
        return values[l];
    }

    /** Offset of position {@code j}'s row in layer {@code l}'s arrays. */
    int rowOffset(int l, int j) {
        return (j % slots[l]) * kvDim;
    }

    /**
     * Stores rows {@code row .. row+n-1} of k/v as positions from..from+n-1 of layer l (the last W
     * for rings).
     */
    void store(int l, int from, float[] k, float[] v, int row, int n) {
        int first = Math.max(0, n - slots[l]);
        for (int t = first; t < n; t++) {
            int off = rowOffset(l, from + t);
            System.arraycopy(k, (row + t) * kvDim, keys[l], off, kvDim);
            System.arraycopy(v, (row + t) * kvDim, values[l], off, kvDim);
        }
    }

    void advance(int n) {
        position += n;
    }
}
