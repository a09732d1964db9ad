package org.pollux.model;

/**
 * Per-sequence attention state. Local (sliding-window) layers keep only a ring of the last W
 * positions; global layers keep every position up to the capacity.
 */
public interface KvCache {

    /** Number of positions already processed (the position of the next token). */
    int position();

    /** Maximum number of positions this cache accepts. */
    int capacity();

    /**
     * Forgets every position ≥ {@code position} so generation can resume from there (multi-turn
     * chat, prompt reuse). May throw when a ring buffer no longer holds what resuming would need.
     */
    void truncate(int position);

    /**
     * An independent cache of {@code capacity} positions holding the same positions as this one
     * (a cached prompt prefix continued by several requests). The capacity must cover
     * {@link #position()}.
     */
    KvCache copy(int capacity);

    /** Bytes of memory this cache holds. */
    long bytes();
}
