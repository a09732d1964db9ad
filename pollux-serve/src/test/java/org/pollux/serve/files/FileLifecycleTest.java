package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiJson;

/** get/list/delete, the size limit and quota, expiry, interrupted uploads and path traversal attempts. */
class FileLifecycleTest {
    FilesFixture s;

    @AfterEach
    void stop() throws Exception {
        if (s != null) {
            s.close();
        }
    }

    private JsonNode rawUpload(String content) throws Exception {
        HttpResponse<String> r = s.send(s.request("/upload/v1beta/files").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(content)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiJson.MAPPER.readTree(r.body()).get("file");
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiJson.MAPPER.readTree(r.body());
    }

    @Test
    void getListPageAndDeleteWithAnEmptyJsonBody() throws Exception {
        s = FilesFixture.start();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            s.clock.advance(Duration.ofMillis(1));
            names.add(rawUpload("file " + i).get("name").asText());
        }
        JsonNode one = json(s.get("/v1beta/" + names.getFirst()));
        assertThat(one.get("sizeBytes").isTextual()).isTrue();
        assertThat(one.get("sizeBytes").asText()).isEqualTo("6");
        assertThat(one.get("createTime").asText()).isEqualTo("2026-01-01T00:00:00.001Z");

        JsonNode page1 = json(s.get("/v1beta/files"));
        assertThat(page1.get("files")).as("default page size 10").hasSize(10);
        assertThat(page1.get("files").get(0).get("name").asText()).as("newest first").isEqualTo(names.getLast());
        JsonNode page2 = json(s.get("/v1beta/files?pageToken=" + page1.get("nextPageToken").asText()));
        assertThat(page2.get("files")).hasSize(2);
        assertThat(page2.has("nextPageToken")).isFalse();
        assertThat(json(s.get("/v1/files?pageSize=1000")).get("files")).as("at most 100, all 12 here").hasSize(12);
        assertThat(s.get("/v1beta/files?pageToken=nonsense").statusCode()).isEqualTo(400);

        // JS sends DELETE with a "{}" body; the reply is {} and the connection stays usable.
        HttpResponse<String> del = s.send(s.request("/v1beta/" + names.getFirst()).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(del.statusCode()).isEqualTo(200);
        assertThat(del.body()).isEqualTo("{}");
        assertThat(s.get("/v1beta/" + names.getFirst()).statusCode()).isEqualTo(404);
        HttpResponse<String> again = s.send(s.request("/v1beta/" + names.getFirst()).DELETE());
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("NOT_FOUND").contains("does not exist");
        assertThat(s.storedBytes()).hasSize(11);
    }

    @Test
    void filesExpireAfter48HoursAndTheSweeperDeletesThem() throws Exception {
        s = FilesFixture.start();
        String name = rawUpload("short-lived").get("name").asText();
        s.clock.advance(Duration.ofHours(48).minusSeconds(1));
        assertThat(s.get("/v1beta/" + name).statusCode()).isEqualTo(200);
        s.clock.advance(Duration.ofSeconds(1));
        assertThat(s.get("/v1beta/" + name).statusCode()).as("expired: 404 before any sweep").isEqualTo(404);
        assertThat(json(s.get("/v1beta/files")).get("files")).isEmpty();
        assertThat(s.storedBytes()).hasSize(1);
        s.files.sweep();
        assertThat(s.storedBytes()).isEmpty();
        assertThat(s.store.allFiles()).isEmpty();
    }

    @Test
    void theSizeLimitIsEnforcedForEveryProtocolWithTheLimitInTheMessage() throws Exception {
        s = FilesFixture.start(x -> x.withMaxFileBytes(1000));
        byte[] big = new byte[1001];
        HttpResponse<String> raw = s.send(s.request("/upload/v1beta/files").POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.body()).contains("at most 1000 bytes");

        // Without a length up front (chunked), the limit cuts the stream.
        HttpResponse<String> chunked = s.send(s.request("/upload/v1beta/files").POST(HttpRequest.BodyPublishers
                .ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertThat(chunked.statusCode()).isEqualTo(400);
        assertThat(chunked.body()).contains("at most 1000 bytes");

        HttpResponse<String> multipart = s.send(s.request("/upload/v1beta/files")
                .header("Content-Type", "multipart/related; boundary=q")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OneShotUploadTest.multipart("q", "{}", "a/b", big))));
        assertThat(multipart.statusCode()).isEqualTo(400);
        assertThat(multipart.body()).contains("at most 1000 bytes");

        HttpResponse<String> declared = s.send(s.request("/upload/v1beta/files")
                .header("X-Goog-Upload-Protocol", "resumable").header("X-Goog-Upload-Command", "start")
                .header("X-Goog-Upload-Header-Content-Length", "1001").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(declared.statusCode()).isEqualTo(400);
        assertThat(declared.body()).contains("at most 1000 bytes");

        // A resumable upload of unknown length is cut at the limit, and keeps what it had.
        HttpResponse<String> start = s.send(s.request("/upload/v1beta/files")
                .header("X-Goog-Upload-Protocol", "resumable").header("X-Goog-Upload-Command", "start")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        String url = start.headers().firstValue("X-Goog-Upload-URL").orElseThrow();
        HttpResponse<String> c1 = s.send(s.request(url).header("X-Goog-Upload-Command", "upload")
                .header("X-Goog-Upload-Offset", "0").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[600])));
        assertThat(c1.statusCode()).isEqualTo(200);
        HttpResponse<String> c2 = s.send(s.request(url).header("X-Goog-Upload-Command", "upload, finalize")
                .header("X-Goog-Upload-Offset", "600").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[401])));
        assertThat(c2.statusCode()).isEqualTo(400);
        assertThat(c2.body()).contains("at most 1000 bytes");
        HttpResponse<String> q = s.send(s.request(url).header("X-Goog-Upload-Command", "query")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(q.headers().firstValue("X-Goog-Upload-Size-Received")).contains("600");

        assertThat(s.store.allFiles()).isEmpty();
        assertThat(s.storedBytes()).containsExactly(".partial/" + url.replaceAll(".*upload_id=([^&]+).*", "$1"));
    }

    @Test
    void theQuotaCountsFilesAndUnfinishedUploads() throws Exception {
        s = FilesFixture.start(x -> x.withQuotaBytes(100));
        rawUpload("x".repeat(60));
        HttpResponse<String> over = s.send(s.request("/upload/v1beta/files")
                .POST(HttpRequest.BodyPublishers.ofString("y".repeat(41))));
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.body()).contains("RESOURCE_EXHAUSTED").contains("at most 100 bytes in total");
        HttpResponse<String> start = s.send(s.request("/upload/v1beta/files")
                .header("X-Goog-Upload-Protocol", "resumable").header("X-Goog-Upload-Command", "start")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        String url = start.headers().firstValue("X-Goog-Upload-URL").orElseThrow();
        assertThat(s.send(s.request(url).header("X-Goog-Upload-Command", "upload").header("X-Goog-Upload-Offset", "0")
                .POST(HttpRequest.BodyPublishers.ofString("z".repeat(30)))).statusCode()).isEqualTo(200);
        assertThat(s.send(s.request("/upload/v1beta/files").POST(HttpRequest.BodyPublishers.ofString("w".repeat(11))))
                .statusCode()).as("60 stored + 30 pending + 11 > 100").isEqualTo(429);
        assertThat(s.send(s.request("/upload/v1beta/files").POST(HttpRequest.BodyPublishers.ofString("w".repeat(10))))
                .statusCode()).isEqualTo(200);
        assertThat(s.store.allFiles()).hasSize(2);
    }

    @Test
    void anInterruptedUploadLeavesNoFileAndNoRow() throws Exception {
        s = FilesFixture.start();
        s.rawInterrupted("POST /upload/v1beta/files HTTP/1.1\r\nHost: 127.0.0.1\r\nx-goog-api-key: " + FilesFixture.KEY
                + "\r\nContent-Type: video/mp4\r\nContent-Length: 500000", new byte[200_000]);
        byte[] multipartStart = ("--m\r\n\r\n{}\r\n--m\r\nContent-Type: video/mp4\r\n\r\n" + "v".repeat(100_000))
                .getBytes(StandardCharsets.US_ASCII);
        s.rawInterrupted("POST /upload/v1beta/files HTTP/1.1\r\nHost: 127.0.0.1\r\nx-goog-api-key: " + FilesFixture.KEY
                + "\r\nContent-Type: multipart/related; boundary=m\r\nContent-Length: 900000", multipartStart);
        s.awaitExchanges(2);
        assertThat(s.seen).allSatisfy(x -> assertThat(x.status()).isNotEqualTo(200));
        assertThat(s.storedBytes()).isEmpty();
        assertThat(s.store.allFiles()).isEmpty();
        // And the server is fine afterwards.
        rawUpload("after");
    }

    @Test
    void aCrashMidCommitIsCleanedUpOnRestart() throws Exception {
        s = FilesFixture.start();
        String kept = rawUpload("kept").get("name").asText().substring("files/".length());
        // What a crash can leave: a PROCESSING row with its bytes, bytes with no row, a half-received upload.
        Path files = s.dataDir.resolve("files");
        s.store.insertFile(new StoredFile("half-done", null, "text/plain", 3, "x", FileState.PROCESSING,
                FilesFixture.T0, FilesFixture.T0, FilesFixture.T0.plus(Duration.ofHours(1))));
        Files.writeString(files.resolve("half-done"), "abc");
        Files.writeString(files.resolve("orphan"), "abc");
        Files.writeString(files.resolve(".incoming/upload-1.tmp"), "abc");
        Files.writeString(files.resolve(".partial/AAAAAAAAAAAAAAAAAAAAAAAA"), "abc");
        Files.writeString(files.resolve("NOT-OURS.txt"), "left alone");
        s.restart();
        assertThat(s.storedBytes()).containsExactlyInAnyOrder(kept, "NOT-OURS.txt");
        assertThat(s.store.allFiles()).extracting(StoredFile::id).containsExactly(kept);
    }

    @Test
    void pathTraversalAttemptsTouchNothingOutsideTheDataDirectory() throws Exception {
        s = FilesFixture.start();
        Path victim = s.root.resolve("victim");
        Files.writeString(victim, "precious");
        String known = rawUpload("inside").get("name").asText();
        List<String> before = FilesFixture.filesUnder(s.root);
        String key = "\r\nHost: 127.0.0.1\r\nx-goog-api-key: " + FilesFixture.KEY;
        String[] targets = {
            "/v1beta/files/..%2F..%2Fvictim", "/v1beta/files/%2e%2e%2f%2e%2e%2fvictim", "/v1beta/files/..",
            "/v1beta/files/%2E%2E", "/v1beta/files/../../victim", "/v1beta/files/..%5c..%5cvictim",
            "/v1beta/files/victim%00", "/v1beta/files/.partial", "/v1beta/files/%2Fetc%2Fpasswd",
            "/v1beta/files/..%252F..%252Fvictim", "/v1beta/files/Victim", "/v1beta/files/-victim",
        };
        for (String t : targets) {
            for (String method : new String[] {"GET", "DELETE"}) {
                String reply = s.raw(method + " " + t + " HTTP/1.1" + key, new byte[0]);
                assertThat(FilesFixture.statusLine(reply)).as(method + " " + t).matches("HTTP/1.1 40[04] .*");
            }
            String reply = s.raw("GET " + t + ":download HTTP/1.1" + key, new byte[0]);
            assertThat(FilesFixture.statusLine(reply)).as("download " + t).matches("HTTP/1.1 40[04] .*");
        }
        // Client-chosen names are ids, checked; a file name header is never used as a path.
        HttpResponse<String> named = s.send(s.request("/upload/v1beta/files").header("Content-Type",
                "multipart/related; boundary=n").POST(HttpRequest.BodyPublishers.ofByteArray(OneShotUploadTest
                .multipart("n", "{\"file\":{\"name\":\"files/../../victim\"}}", "text/plain", "evil".getBytes()))));
        assertThat(named.statusCode()).isEqualTo(400);
        assertThat(named.body()).contains("Invalid file name \\\"files/../../victim\\\"");
        HttpResponse<String> header = s.send(s.request("/upload/v1beta/files").header("X-Goog-Upload-Protocol", "resumable")
                .header("X-Goog-Upload-Command", "start").header("X-Goog-Upload-File-Name", "../../victim")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        String url = header.headers().firstValue("X-Goog-Upload-URL").orElseThrow();
        assertThat(s.send(s.request(url).header("X-Goog-Upload-Command", "upload, finalize")
                .header("X-Goog-Upload-Offset", "0").POST(HttpRequest.BodyPublishers.ofString("evil"))).statusCode())
                .isEqualTo(200);
        String traversalId = s.raw("POST /upload/v1beta/files?upload_id=..%2F..%2F..%2Fvictim&upload_protocol=resumable "
                + "HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Goog-Upload-Command: upload, finalize\r\nX-Goog-Upload-Offset: 0\r\n"
                + "Content-Length: 4", "evil".getBytes());
        assertThat(FilesFixture.statusLine(traversalId)).startsWith("HTTP/1.1 404");

        assertThat(Files.readString(victim)).isEqualTo("precious");
        List<String> after = FilesFixture.filesUnder(s.root);
        assertThat(after.stream().filter(p -> !p.startsWith("data/")).toList())
                .isEqualTo(before.stream().filter(p -> !p.startsWith("data/")).toList());
        assertThat(after.stream().filter(p -> p.startsWith("data/files/") && !p.contains("/.")).count())
                .as("the known file and the one uploaded with a hostile file name").isEqualTo(2);
        assertThat(s.get("/v1beta/" + known).statusCode()).isEqualTo(200);
    }
}
