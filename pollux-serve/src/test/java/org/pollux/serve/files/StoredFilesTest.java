package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.api.ApiStatus;

/** Resolution of {@code fileData.fileUri} for generateContent. */
class StoredFilesTest {
    FilesFixture s;
    StoredFiles stored;

    @BeforeEach
    void start() throws Exception {
        s = FilesFixture.start();
        stored = s.files.storedFiles();
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private JsonNode upload(String mime, byte[] data) throws Exception {
        var r = s.send(s.request("/upload/v1beta/files").header("Content-Type", mime)
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)));
        return ApiJson.MAPPER.readTree(r.body()).get("file");
    }

    @Test
    void resolvesEveryUriFormToTheTypeAndBytes() throws Exception {
        byte[] png = FilesSdkTest.randomBytes(5000, 11);
        JsonNode f = upload("image/png", png);
        String id = f.get("name").asText().substring("files/".length());
        for (String uri : new String[] {"files/" + id, f.get("uri").asText(),
            "https://generativelanguage.googleapis.com/v1beta/files/" + id, "http://other:1/v1/files/" + id}) {
            StoredFiles.Resolved r = stored.resolve(uri);
            assertThat(r.name()).as(uri).isEqualTo("files/" + id);
            assertThat(r.mimeType()).isEqualTo("image/png");
            assertThat(r.sizeBytes()).isEqualTo(5000);
            assertThat(r.readAllBytes()).isEqualTo(png);
        }
    }

    @Test
    void unknownExpiredDeletedAndMalformedUris() throws Exception {
        JsonNode f = upload("text/plain", "x".getBytes());
        String id = f.get("name").asText().substring("files/".length());
        StoredFiles.Resolved r = stored.resolve("files/" + id);
        assertThatThrownBy(() -> stored.resolve("files/nosuchfile")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(ApiStatus.NOT_FOUND));
        for (String bad : new String[] {"", "gs://bucket/object", "files/../etc", "https://x/files/", "files/A"}) {
            assertThatThrownBy(() -> stored.resolve(bad)).as(bad).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status()).isEqualTo(ApiStatus.INVALID_ARGUMENT));
        }
        s.send(s.request("/v1beta/files/" + id).DELETE());
        assertThatThrownBy(r::open).as("deleted after resolving").isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(ApiStatus.NOT_FOUND));

        String other = upload("text/plain", "y".getBytes()).get("name").asText();
        s.clock.advance(Duration.ofHours(49));
        assertThatThrownBy(() -> stored.resolve(other)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(ApiStatus.NOT_FOUND));
    }

    @Test
    void aFileThatIsNotActiveIsAFailedPreconditionWithTheRealMessage() {
        s.store.insertFile(new StoredFile("5y6l7yja98jc", null, "video/mp4", 10, "x", FileState.PROCESSING,
                FilesFixture.T0, FilesFixture.T0, FilesFixture.T0.plus(Duration.ofHours(1))));
        assertThatThrownBy(() -> stored.resolve("files/5y6l7yja98jc")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(ApiStatus.FAILED_PRECONDITION);
            assertThat(e.status().http()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("The File 5y6l7yja98jc is not in an ACTIVE state and usage is not allowed.");
        });
    }
}
