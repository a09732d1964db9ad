package org.pollux.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.models.EmbeddedModel;

/** The committed default model is exactly what the converter makes from the original llama2.c files. */
class EmbeddedModelTest {
    @TempDir
    Path tmp;

    @Test
    void committedModelEqualsAFreshConversion() throws Exception {
        Path fresh = Llama2cConverterTest.convertStories(tmp);
        byte[] committed;
        try (InputStream in = EmbeddedModel.class.getResourceAsStream(EmbeddedModel.RESOURCE)) {
            assertThat(in).as("resource " + EmbeddedModel.RESOURCE).isNotNull();
            committed = in.readAllBytes();
        }
        assertThat(committed).isEqualTo(Files.readAllBytes(fresh));
    }

    @Test
    void extractsOnceToTheCache() throws Exception {
        Path p = EmbeddedModel.path();
        assertThat(p).exists();
        assertThat(EmbeddedModel.path()).isEqualTo(p);
    }
}
