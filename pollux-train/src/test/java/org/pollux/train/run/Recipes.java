package org.pollux.train.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The sample recipe with test overrides. */
final class Recipes {
    private Recipes() {}

    static Path tinyStories() {
        // Tests run in pollux-train/; the recipe sits at the project root.
        return Path.of("..", "recipes", "tiny-stories.yaml").toAbsolutePath().normalize();
    }

    /** The sample recipe writing to {@code out}, with more overrides. */
    static TrainConfig tinyStories(Path out, String... overrides) {
        List<String> all = new ArrayList<>();
        all.add("data.sources[0].path=" + org.pollux.train.Corpus.tinyStories().toAbsolutePath());
        all.add("out=" + out.toAbsolutePath());
        all.addAll(List.of(overrides));
        return TrainConfigLoader.load(tinyStories(), all);
    }
}
