package org.pollux.cli;

import org.pollux.generate.SamplingParams;
import picocli.CommandLine.Option;

/** Sampling flags shared by {@code run} and {@code chat}. */
final class SamplingOptions {
    @Option(names = "--temperature", defaultValue = "0.8", description = "0 = greedy (default ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "40", description = "0 = off (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "0.95", description = "1 = off (default ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--min-p", defaultValue = "0.05", description = "0 = off (default ${DEFAULT-VALUE}).")
    float minP;

    @Option(names = "--repeat-penalty", defaultValue = "1.0", description = "1 = off (default ${DEFAULT-VALUE}).")
    float repeatPenalty;

    @Option(names = "--presence-penalty", defaultValue = "0", description = "Default ${DEFAULT-VALUE}.")
    float presencePenalty;

    @Option(names = "--frequency-penalty", defaultValue = "0", description = "Default ${DEFAULT-VALUE}.")
    float frequencyPenalty;

    @Option(names = "--seed", description = "Random seed (default: from the clock; printed with --verbose).")
    Long seed;

    @Option(names = "--stop", description = "Stop sequence (repeatable).")
    java.util.List<String> stops = new java.util.ArrayList<>();

    SamplingParams toParams(int maxTokens) {
        return SamplingParams.builder().temperature(temperature).topK(topK).topP(topP).minP(minP)
                .repetitionPenalty(repeatPenalty).presencePenalty(presencePenalty).frequencyPenalty(frequencyPenalty)
                .seed(seed != null ? seed : System.nanoTime()).maxTokens(maxTokens).stopSequences(stops).build();
    }
}
