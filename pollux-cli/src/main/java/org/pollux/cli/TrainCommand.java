package org.pollux.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pollux.train.run.ProgressBarSink;
import org.pollux.train.run.TrainConfig;
import org.pollux.train.run.TrainConfigLoader;
import org.pollux.train.run.Trainer;
import org.pollux.train.run.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pollux train --config FILE [--resume] [--set key=value]... [--out DIR]}: trains a model
 * from a recipe (docs/training.md). Progress goes to stderr, the summary to stdout.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a Gemma-architecture model from scratch on text, from a YAML/JSON recipe (see docs/training.md).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The recipe (YAML or JSON).")
    Path config;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in the output directory.")
    boolean resume;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a recipe value, e.g. --set train.steps=500 --set data.sources[0].weight=2 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: the recipe's, else runs/NAME).")
    Path out;

    @Override
    public Integer call() {
        List<String> overrides = new ArrayList<>(sets);
        if (out != null) {
            overrides.add("out=" + out.toAbsolutePath());
        }
        if (resume) {
            overrides.add("resume=true");
        }
        TrainConfig c = TrainConfigLoader.load(config, overrides);
        TrainingSummary s;
        try (ProgressBarSink sink = new ProgressBarSink(System.err)) {
            s = Trainer.run(c, sink);
        }
        System.out.print(s.describe());
        return 0;
    }
}
