package org.pollux.train.run;

import java.nio.file.Path;
import java.util.List;

/**
 * The end of a run.
 *
 * @param steps steps completed in total
 * @param finalTrainLoss loss of the last step
 * @param finalValLoss validation loss after the last step (NaN without validation data)
 * @param perplexity exp(finalValLoss)
 * @param tokensPerSecond training throughput of this session
 * @param seconds wall time of this session
 * @param parameters trainable values
 * @param exports the GGUF files written
 */
public record TrainingSummary(long steps, double finalTrainLoss, double finalValLoss, double perplexity,
        double tokensPerSecond, double seconds, long parameters, List<Path> exports) {

    /** A few lines for a terminal. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("trained %d steps in %.1f s (%.0f tokens/s), %,d parameters%n", steps, seconds,
                tokensPerSecond, parameters));
        sb.append(String.format("final train loss %.4f, validation loss %.4f, perplexity %.2f%n", finalTrainLoss,
                finalValLoss, perplexity));
        for (Path p : exports) {
            sb.append("wrote ").append(p).append('\n');
        }
        return sb.toString();
    }
}
