package org.pollux.bench;

import java.util.List;

/**
 * Decode is memory-bound: each generated token reads every weight matrix once. These helpers turn
 * tensor sizes into bytes read per token, and a measured bandwidth into the generation speed that
 * bandwidth allows.
 */
public final class WeightTraffic {
    private WeightTraffic() {}

    /**
     * Bytes one decode step reads: every matrix once, plus the token-embedding table whole when it
     * is tied to the output projection (the logits read all of it) or else just the one row the
     * token looks up. Small vectors (norms, biases) may be listed with the matrices.
     *
     * @param matrixBytes byte size of every matrix used per token (the output projection included when untied)
     * @param embeddingTableBytes byte size of the token-embedding table
     * @param embeddingRowBytes byte size of one row of it
     * @param tiedOutput whether the embedding table also computes the logits
     */
    public static long bytesPerToken(List<Long> matrixBytes, long embeddingTableBytes, long embeddingRowBytes,
            boolean tiedOutput) {
        if (embeddingTableBytes < 0 || embeddingRowBytes < 0 || embeddingRowBytes > embeddingTableBytes) {
            throw new IllegalArgumentException("embedding sizes must satisfy 0 <= row (" + embeddingRowBytes
                    + ") <= table (" + embeddingTableBytes + ")");
        }
        long sum = tiedOutput ? embeddingTableBytes : embeddingRowBytes;
        for (int i = 0; i < matrixBytes.size(); i++) {
            long b = matrixBytes.get(i);
            if (b < 0) {
                throw new IllegalArgumentException("matrix " + i + " has a negative size: " + b);
            }
            sum = Math.addExact(sum, b);
        }
        return sum;
    }

    /** The generation speed a read bandwidth allows: bandwidth / bytes per token. */
    public static double limitTokensPerSecond(double bytesPerSecond, long bytesPerToken) {
        if (!(bytesPerSecond > 0) || bytesPerToken <= 0) {
            throw new IllegalArgumentException("need a positive bandwidth and bytes per token, got " + bytesPerSecond
                    + " B/s and " + bytesPerToken + " B/token");
        }
        return bytesPerSecond / bytesPerToken;
    }
}
