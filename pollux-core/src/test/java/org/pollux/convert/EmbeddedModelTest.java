package org.pollux.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.models.EmbeddedModel;

/** The committed stories260K model is exactly what the converter makes from the original llama2.c files. */
class EmbeddedModelTest {
    @TempDir
    Path tmp;

    @Test
    void committedModelEqualsAFreshConversion() throws Exception {
        Path fresh = Llama2cConverterTest.convertStories(tmp);
        byte[] committed;
        String resource = EmbeddedModel.STORIES_260K.resource();
        try (InputStream in = EmbeddedModel.class.getResourceAsStream(resource)) {
            assertThat(in).as("resource " + resource).isNotNull();
            committed = in.readAllBytes();
        }
        assertThat(committed).isEqualTo(Files.readAllBytes(fresh));
    }

    @Test
    void extractsOnceToTheCache() throws Exception {
        for (EmbeddedModel m : EmbeddedModel.values()) {
            Path p = m.path();
            assertThat(p).exists();
            assertThat(m.path()).isEqualTo(p);
            assertThat(p.getFileName().toString()).startsWith(m.displayName() + "-");
        }
    }

    @Test
    void builtInModelsAreFoundByIdInAnyCase() {
        assertThat(EmbeddedModel.byId("STORIES260K")).contains(EmbeddedModel.STORIES_260K);
        assertThat(EmbeddedModel.byId("pollux-mini")).contains(EmbeddedModel.DEFAULT);
        assertThat(EmbeddedModel.byId("model.gguf")).isEmpty();
        assertThat(EmbeddedModel.ids()).isEqualTo("pollux-mini, stories260k");
    }
}
