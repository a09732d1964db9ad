package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.File;
import com.google.genai.types.FileState;
import com.google.genai.types.ListFilesConfig;
import com.google.genai.types.UploadFileConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Java SDK (google-genai 1.70.0) uploading, getting, listing and deleting files. */
class FilesSdkTest {
    FilesFixture s;

    @BeforeEach
    void start() throws Exception {
        s = FilesFixture.start();
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private Client sdk() {
        return org.pollux.serve.SdkClients.of(s.baseUrl(), FilesFixture.KEY, "v1beta");
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void uploadsNineMebibytesInTwoChunksThenGetsListsAndDeletes() throws Exception {
        byte[] data = randomBytes(9 << 20, 42);
        Path file = s.root.resolve("big.bin");
        Files.write(file, data);
        try (Client c = sdk()) {
            uploadGetDelete(c, file, data);
        }
    }

    private void uploadGetDelete(Client c, Path file, byte[] data) throws Exception {
        File up = c.files.upload(file.toString(), UploadFileConfig.builder().mimeType("application/octet-stream")
                .displayName("big").build());

        // The SDK sends 8 MiB chunks: start, then "upload" at 0, then "upload, finalize" at 8 MiB.
        List<String> commands = s.awaitSeen(x -> x.path().startsWith("/upload/"), 3).stream()
                .map(FilesFixture.Seen::uploadCommand).toList();
        assertThat(commands).containsExactly("start", "upload", "upload, finalize");
        assertThat(up.sizeBytes()).contains((long) data.length);
        assertThat(up.sha256Hash()).contains(sha256(data));
        assertThat(up.state()).hasValueSatisfying(st -> assertThat(st.knownEnum()).isEqualTo(FileState.Known.ACTIVE));
        assertThat(up.displayName()).contains("big");
        assertThat(up.mimeType()).contains("application/octet-stream");
        String name = up.name().orElseThrow();
        assertThat(up.uri()).contains(s.baseUrl() + "/v1beta/" + name);
        assertThat(up.expirationTime().orElseThrow()).isEqualTo(FilesFixture.T0.plus(FilesSettings.defaults().fileTtl()));

        HttpResponse<byte[]> bytes = s.sendForBytes(s.request("/v1beta/" + name + ":download?alt=media").GET());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo(data);

        File got = c.files.get(name, null);
        assertThat(got.sizeBytes()).contains((long) data.length);
        assertThat(got.createTime()).isEqualTo(up.createTime());

        c.files.delete(name, null);
        assertThatThrownBy(() -> c.files.get(name, null)).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.code()).isEqualTo(404));
        assertThat(s.storedBytes()).isEmpty();
    }

    @Test
    void listsAcrossPages() throws Exception {
        try (Client c = sdk()) {
            listAcrossPages(c);
        }
    }

    private void listAcrossPages(Client c) throws Exception {
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            s.clock.advance(java.time.Duration.ofSeconds(1));
            uploaded.add(c.files.upload(("file " + i).getBytes(), UploadFileConfig.builder().mimeType("text/plain")
                    .build()).name().orElseThrow());
        }
        List<String> listed = new ArrayList<>();
        c.files.list(ListFilesConfig.builder().pageSize(2).build()).forEach(f -> listed.add(f.name().orElseThrow()));
        // Newest first, every file once, fetched as three pages of 2, 2 and 1.
        assertThat(listed).containsExactlyElementsOf(uploaded.reversed());
        assertThat(s.awaitSeen(x -> x.method().equals("GET") && x.path().equals("/v1beta/files"), 3)).hasSize(3);
    }
}
