package org.pollux.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCheckpointTest {
    @TempDir
    Path dir;

    private void shard(String file, String... tensors) {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        for (String t : tensors) {
            w.addTensor(t, SafetensorsDType.BF16, new long[] {2, 3}, s -> s.fill((byte) t.length()));
        }
        w.write(dir.resolve(file));
    }

    private void index(String json) throws IOException {
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE), json);
    }

    @Test
    void opensShardedCheckpointThroughTheIndex() throws IOException {
        shard("model-00001-of-00002.safetensors", "model.embed_tokens.weight", "model.norm.weight");
        shard("model-00002-of-00002.safetensors", "model.layers.0.mlp.up_proj.weight");
        index("""
                {"metadata": {"total_size": 36}, "weight_map": {
                  "model.embed_tokens.weight": "model-00001-of-00002.safetensors",
                  "model.layers.0.mlp.up_proj.weight": "model-00002-of-00002.safetensors",
                  "model.norm.weight": "model-00001-of-00002.safetensors"}}""");
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            assertThat(c.shards()).hasSize(2);
            assertThat(c.tensorNames()).containsExactlyInAnyOrder("model.embed_tokens.weight", "model.norm.weight",
                    "model.layers.0.mlp.up_proj.weight");
            assertThat(c.tensor("model.layers.0.mlp.up_proj.weight").shape()).containsExactly(3, 2);
            assertThat(c.info("model.norm.weight").shape()).containsExactly(2, 3);
            assertThat(c.bytes("model.norm.weight").get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 17);
            assertThatThrownBy(() -> c.tensor("lm_head.weight")).isInstanceOf(SafetensorsException.class)
                    .hasMessageContaining("'lm_head.weight'");
        }
    }

    @Test
    void opensSingleFileAndDirectoryWithModelSafetensors() {
        shard(SafetensorsCheckpoint.SINGLE_FILE, "a");
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            assertThat(c.tensorNames()).containsExactly("a");
        }
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE))) {
            assertThat(c.tensorNames()).containsExactly("a");
        }
    }

    @Test
    void rejectsIndexesThatDisagreeWithShards() throws IOException {
        shard("s1.safetensors", "a", "b");
        shard("s2.safetensors", "b");
        index("{\"weight_map\": {\"a\": \"s1.safetensors\", \"b\": \"s2.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("tensor 'b'");
        index("{\"weight_map\": {\"a\": \"s1.safetensors\", \"c\": \"s1.safetensors\", \"b\": \"s1.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessageContaining("tensor 'c'")
                .hasMessageContaining("missing from the shard");
        index("{\"weight_map\": {\"a\": \"../s1.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessageContaining("plain file name");
        index("{\"weight_map\": {\"a\": \"absent.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessageContaining("not found");
        index("{\"metadata\": {}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessageContaining("weight_map");
        index("{not json");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessageContaining("cannot parse the index");
    }

    @Test
    void rejectsEmptyDirectory() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(empty)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining(SafetensorsCheckpoint.INDEX_FILE);
    }
}
