package org.pollux.convert;

import java.nio.file.Path;
import org.pollux.SharedFixtures;

/** Regenerates the embedded default model resource: run from the project root when the format changes. */
public final class WriteEmbeddedModel {
    private WriteEmbeddedModel() {}

    public static void main(String[] args) {
        Path out = Path.of("pollux-core/src/main/resources/org/pollux/models/stories260K.gguf");
        Llama2cConverter.convert(SharedFixtures.fixture("llama2c/stories260K.bin"),
                SharedFixtures.fixture("llama2c/tok512.bin"), out, "stories260K");
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
