package org.pollux.generate;

/** Lets another thread (a disconnected client, Ctrl-C) stop a generation between two steps. */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
