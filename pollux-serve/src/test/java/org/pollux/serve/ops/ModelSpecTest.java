package org.pollux.serve.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.models.EmbeddedModel;

class ModelSpecTest {
    @TempDir
    Path dir;

    @Test
    void nameEqualsFileOrAFileNamedAfterItself() {
        assertThat(ModelSpec.parse("gemma=/m/g.gguf")).isEqualTo(new ModelSpec("gemma", Path.of("/m/g.gguf")));
        assertThat(ModelSpec.parse("/m/gemma-3-1b-it-Q4_0.gguf"))
                .isEqualTo(new ModelSpec("gemma-3-1b-it-Q4_0", Path.of("/m/gemma-3-1b-it-Q4_0.gguf")));
        assertThat(ModelSpec.parse("my model (v2).GGUF").name()).isEqualTo("my-model-v2-");
        assertThat(ModelSpec.parse("_x.gguf").name()).isEqualTo("x");
        // "/a=b" is no model name, so this is a path.
        assertThat(ModelSpec.parse("/a=b/m.gguf")).isEqualTo(new ModelSpec("m", Path.of("/a=b/m.gguf")));
    }

    @Test
    void anExistingFileWhoseNameHasAnEqualsSignIsAFile() throws Exception {
        // Only a relative name in the working directory can look like NAME=FILE.
        Path f = Path.of("a=b-" + ProcessHandle.current().pid() + ".gguf");
        Files.createFile(f);
        try {
            assertThat(ModelSpec.parse(f.toString())).isEqualTo(new ModelSpec("a-b-" + ProcessHandle.current().pid(), f));
        } finally {
            Files.delete(f);
        }
        assertThat(ModelSpec.parse(f.toString())).isEqualTo(new ModelSpec("a", Path.of(f.toString().substring(2))));
    }

    @Test
    void badSpecsAreNamed() {
        assertThatThrownBy(() -> ModelSpec.parse("gemma=")).hasMessage("-m gemma=: no file after '='");
        assertThatThrownBy(() -> ModelSpec.parse(" ")).hasMessageContaining("-m needs a model file");
        assertThatThrownBy(() -> ModelSpec.parse("---.gguf")).hasMessageContaining("name it with -m NAME=FILE");
    }

    @Test
    void builtInModelsAreNamedByTheirIdUnlessAFileOfThatNameExists() throws Exception {
        assertThat(ModelSpec.parse("stories260k"))
                .isEqualTo(new ModelSpec("stories260k", EmbeddedModel.STORIES_260K.path()));
        assertThat(ModelSpec.parse("tiny=Stories260K"))
                .isEqualTo(new ModelSpec("tiny", EmbeddedModel.STORIES_260K.path()));
        assertThat(ModelSpec.parse("pollux-mini").file()).isEqualTo(EmbeddedModel.POLLUX_MINI.path());
        Path shadow = Files.writeString(dir.resolve("stories260k"), "not a model");
        String cwdRelative = Path.of("").toAbsolutePath().relativize(shadow).toString();
        assertThat(ModelSpec.parse(cwdRelative).file()).isEqualTo(Path.of(cwdRelative));
    }

    @Test
    void missingAndUnreadableFilesFailBeforeLoading() throws Exception {
        assertThatThrownBy(() -> new ModelSpec("m", dir.resolve("no.gguf")).open(1))
                .hasMessage("model file " + dir.resolve("no.gguf") + " does not exist");
        assertThatThrownBy(() -> new ModelSpec("m", dir).open(1)).hasMessageEndingWith("is not a regular file");
        Path locked = Files.copy(EmbeddedModel.STORIES_260K.path(), dir.resolve("locked.gguf"));
        if (locked.toFile().setReadable(false) && !Files.isReadable(locked)) { // root can read anything
            assertThatThrownBy(() -> new ModelSpec("m", locked).open(1)).hasMessageContaining("is not readable");
        }
    }

    @Test
    void aSetOpensTheEmbeddedModelByDefaultAndRefusesTwoModelsOfOneName() throws Exception {
        try (ModelSet set = ModelSet.open(List.of(), 1)) {
            assertThat(set.registry().all()).extracting(m -> m.id()).containsExactly("pollux-mini");
        }
        Path m = EmbeddedModel.STORIES_260K.path();
        try (ModelSet set = ModelSet.open(List.of(new ModelSpec("a", m), ModelSpec.parse("b=" + m)), 1)) {
            assertThat(set.registry().all()).extracting(x -> x.id()).containsExactly("a", "b");
        }
        assertThatThrownBy(() -> ModelSet.open(List.of(new ModelSpec("a", m), new ModelSpec("a", m)), 1))
                .hasMessageContaining("two models are named \"a\"");
        assertThatThrownBy(() -> ModelSet.open(List.of(new ModelSpec("ok", m), new ModelSpec("x", Path.of("/no"))), 1))
                .hasMessage("model file /no does not exist");
        assertThatThrownBy(() -> ModelSet.open(List.of(), 0)).hasMessageContaining("--threads must be at least 1");
    }
}
