package org.pollux.serve.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void oneKeyPerLineWithCommentsAndBlankLines() throws Exception {
        Path f = dir.resolve("keys");
        Files.writeString(f, "# team keys\n\nalpha-1\n  beta_2  \r\n#gamma\nalpha-1\n\tdelta.3");
        assertThat(ApiKeyFile.read(f)).containsExactly("alpha-1", "beta_2", "delta.3");
    }

    @Test
    void aLineWithSpacesInsideIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> ApiKeyFile.parse("keys.txt", List.of("# c", "good", "two keys")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keys.txt line 3: an API key must not contain spaces");
    }

    @Test
    void aFileWithoutKeysIsAnErrorNotAnOpenServer() throws Exception {
        Path f = dir.resolve("empty");
        Files.writeString(f, "# nothing yet\n\n");
        assertThatThrownBy(() -> ApiKeyFile.read(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API keys file " + f + " has no keys (one key per line, # comments)");
    }

    @Test
    void missingAndBinaryFiles() throws Exception {
        assertThatThrownBy(() -> ApiKeyFile.read(dir.resolve("nope"))).hasMessageEndingWith("nope does not exist");
        Path bin = dir.resolve("bin");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 'k'});
        assertThatThrownBy(() -> ApiKeyFile.read(bin)).hasMessageEndingWith("is not UTF-8 text");
        assertThat(new String(Files.readAllBytes(bin), StandardCharsets.ISO_8859_1)).hasSize(3);
    }
}
