package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.serve.api.ApiException;

/** Ids are the only thing that reaches a path, so their rules are the traversal defence. */
class FileIdsTest {
    @Test
    void fileIdsFollowTheApiRule() {
        assertThat(FileIds.isFileId("a")).isTrue();
        assertThat(FileIds.isFileId("5y6l7yja98jc")).isTrue();
        assertThat(FileIds.isFileId("my-file-2")).isTrue();
        assertThat(FileIds.isFileId("a".repeat(40))).isTrue();
        for (String bad : new String[] {"", "a".repeat(41), "-a", "a-", "A", "a.b", "..", ".", "a/b", "a\\b", "%2e",
            "a b", "a\u0000", "é", "files/a", "a:b", "-"}) {
            assertThat(FileIds.isFileId(bad)).as(bad).isFalse();
        }
        for (int i = 0; i < 100; i++) {
            assertThat(FileIds.isFileId(FileIds.newFileId())).isTrue();
            assertThat(FileIds.isUploadId(FileIds.newUploadId())).isTrue();
        }
        assertThat(FileIds.isUploadId("../../../../victim")).isFalse();
        assertThat(FileIds.isUploadId("AAAAAAAAAAAAAAAA/")).isFalse();
    }

    @Test
    void namesAreFilesSlashId() {
        assertThat(FileIds.fromName("files/abc")).isEqualTo("abc");
        assertThat(FileIds.fromName("abc")).isEqualTo("abc");
        assertThatThrownBy(() -> FileIds.fromName("files/../x")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).startsWith("Invalid file name \"files/../x\""));
        assertThatThrownBy(() -> FileIds.fromName("files/")).isInstanceOf(ApiException.class);
    }

    @Test
    void theBlobStoreBuildsNoPathFromABadId(@TempDir Path dir) throws Exception {
        BlobStore blobs = new BlobStore(dir.resolve("files"));
        Files.writeString(dir.resolve("victim"), "precious");
        for (String bad : new String[] {"../victim", "..", "/etc/passwd", ".partial"}) {
            assertThatThrownBy(() -> blobs.delete(bad)).as(bad).isInstanceOf(ApiException.class);
            assertThatThrownBy(() -> blobs.open(bad)).as(bad).isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> blobs.createPartial("../../victim")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readString(dir.resolve("victim"))).isEqualTo("precious");
        assertThat(blobs.blob("abc")).isEqualTo(dir.resolve("files").resolve("abc").toAbsolutePath());
    }
}
