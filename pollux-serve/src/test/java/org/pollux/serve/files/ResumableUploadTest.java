package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiJson;

/**
 * The resumable protocol over raw HTTP, in the exact shapes the captured clients send
 * (fixtures/api-captures: java-lc4j.log, js-full.log) and in the error cases no SDK exercises.
 */
class ResumableUploadTest {
    static final String HELLO_SHA256 = "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=";
    FilesFixture s;

    @BeforeEach
    void start() throws Exception {
        s = FilesFixture.start();
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    /** A start request; returns the upload URL. */
    private String startUpload(String version, String json, long length, String mime) throws Exception {
        HttpResponse<String> r = s.send(s.request("/upload/" + version + "/files")
                .header("X-Goog-Upload-Protocol", "resumable")
                .header("X-Goog-Upload-Command", "start")
                .header("X-Goog-Upload-Header-Content-Length", Long.toString(length))
                .header("X-Goog-Upload-Header-Content-Type", mime)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Goog-Upload-Status")).contains("active");
        return r.headers().firstValue("X-Goog-Upload-URL").orElseThrow();
    }

    /** A chunk as LangChain4j sends it: no API key, no Content-Type. */
    private HttpResponse<String> chunk(String url, String command, long offset, byte[] body) throws Exception {
        return s.send(HttpRequest.newBuilder(java.net.URI.create(url))
                .header("X-Goog-Upload-Command", command)
                .header("X-Goog-Upload-Offset", Long.toString(offset))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiJson.MAPPER.readTree(r.body());
    }

    @Test
    void langChain4jShapeSnakeCaseMetadataAndAKeylessChunk() throws Exception {
        String url = startUpload("v1beta", "{\n  \"file\" : {\n    \"display_name\" : \"hello\"\n  }\n}", 5, "text/plain");
        assertThat(url).startsWith(s.baseUrl() + "/upload/v1beta/files?upload_id=").endsWith("&upload_protocol=resumable");

        HttpResponse<String> r = chunk(url, "upload, finalize", 0, "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Goog-Upload-Status")).contains("final");
        JsonNode f = json(r).get("file");
        assertThat(f.get("displayName").asText()).isEqualTo("hello");
        assertThat(f.get("mimeType").asText()).isEqualTo("text/plain");
        assertThat(f.get("sizeBytes").isTextual()).as("int64 is a JSON string").isTrue();
        assertThat(f.get("sizeBytes").asText()).isEqualTo("5");
        assertThat(f.get("sha256Hash").asText()).isEqualTo(HELLO_SHA256);
        assertThat(f.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(f.get("source").asText()).isEqualTo("UPLOADED");
        String name = f.get("name").asText();
        assertThat(name).matches("files/[a-z0-9]{12}");
        assertThat(f.get("uri").asText()).isEqualTo(s.baseUrl() + "/v1beta/" + name);
        assertThat(f.get("createTime").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(f.get("expirationTime").asText()).isEqualTo("2026-01-03T00:00:00Z");
    }

    @Test
    void jsShapeCamelCaseMetadataAndAJsonContentTypeOnTheChunk() throws Exception {
        HttpResponse<String> start = s.send(s.request("/upload/v1/files")
                .header("Content-Type", "application/json")
                .header("X-Goog-Upload-Protocol", "resumable")
                .header("X-Goog-Upload-Command", "start")
                .header("X-Goog-Upload-Header-Content-Length", "5")
                .header("X-Goog-Upload-Header-Content-Type", "text/plain")
                .header("X-Goog-Upload-File-Name", "hello.txt")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"file\":{\"mimeType\":\"text/plain\",\"displayName\":\"hello\",\"sizeBytes\":\"5\"}}")));
        String url = start.headers().firstValue("X-Goog-Upload-URL").orElseThrow();
        assertThat(url).startsWith(s.baseUrl() + "/upload/v1/files?upload_id=");
        HttpResponse<String> r = s.send(s.request(url)
                .header("Content-Type", "application/json")
                .header("X-Goog-Upload-Command", "upload, finalize")
                .header("X-Goog-Upload-Offset", "0")
                .header("X-Goog-Upload-File-Name", "hello.txt")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Goog-Upload-Status")).contains("final");
        JsonNode f = json(r).get("file");
        assertThat(f.get("uri").asText()).startsWith(s.baseUrl() + "/v1/files/");
        assertThat(f.get("displayName").asText()).isEqualTo("hello");
        assertThat(f.get("sha256Hash").asText()).isEqualTo(HELLO_SHA256);
    }

    @Test
    void theUploadUrlIsBuiltFromTheHostHeader() throws Exception {
        String head = "POST /upload/v1beta/files HTTP/1.1\r\nHost: files.example.test:8443\r\n"
                + "x-goog-api-key: " + FilesFixture.KEY + "\r\nX-Goog-Upload-Protocol: resumable\r\n"
                + "X-Goog-Upload-Command: start\r\nContent-Length: 0";
        String reply = s.raw(head, new byte[0]);
        assertThat(FilesFixture.statusLine(reply)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(reply).containsIgnoringCase("X-Goog-Upload-URL: http://files.example.test:8443/upload/v1beta/files?upload_id=");
    }

    @Test
    void chunksQueryAndWrongOffsets() throws Exception {
        byte[] data = "hello, world".getBytes(StandardCharsets.UTF_8);
        String url = startUpload("v1beta", "{\"file\":{\"displayName\":\"hw\"}}", data.length, "text/plain");

        HttpResponse<String> first = chunk(url, "upload", 0, java.util.Arrays.copyOfRange(data, 0, 5));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Goog-Upload-Status")).contains("active");
        assertThat(first.headers().firstValue("X-Goog-Upload-Size-Received")).contains("5");

        HttpResponse<String> query = chunk(url, "query", 0, new byte[0]);
        assertThat(query.headers().firstValue("X-Goog-Upload-Status")).contains("active");
        assertThat(query.headers().firstValue("X-Goog-Upload-Size-Received")).contains("5");

        for (long wrong : new long[] {0, 4, 6, 1000}) {
            HttpResponse<String> r = chunk(url, "upload", wrong, "x".getBytes());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("INVALID_ARGUMENT").contains("Invalid X-Goog-Upload-Offset " + wrong)
                    .contains("must start at offset 5");
            assertThat(r.headers().firstValue("X-Goog-Upload-Size-Received")).contains("5");
        }

        HttpResponse<String> last = chunk(url, "upload, finalize", 5, java.util.Arrays.copyOfRange(data, 5, data.length));
        assertThat(last.headers().firstValue("X-Goog-Upload-Status")).contains("final");
        JsonNode f = json(last).get("file");
        assertThat(f.get("sizeBytes").asText()).isEqualTo("12");
        assertThat(f.get("sha256Hash").asText()).isEqualTo(FilesSdkTest.sha256(data));

        // A client that lost the final reply asks again: it gets the same file, and nothing is stored twice.
        HttpResponse<String> again = chunk(url, "upload, finalize", 5, java.util.Arrays.copyOfRange(data, 5, data.length));
        assertThat(again.headers().firstValue("X-Goog-Upload-Status")).contains("final");
        assertThat(json(again).get("file").get("name")).isEqualTo(f.get("name"));
        HttpResponse<String> finalQuery = chunk(url, "query", 0, new byte[0]);
        assertThat(finalQuery.headers().firstValue("X-Goog-Upload-Status")).contains("final");
        assertThat(json(s.get("/v1beta/files")).get("files")).hasSize(1);
    }

    @Test
    void unknownMalformedAndCancelledUploadIdsAre404() throws Exception {
        String base = s.baseUrl() + "/upload/v1beta/files?upload_protocol=resumable&upload_id=";
        for (String id : new String[] {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "..%2F..%2Fvictim", "short", "a%00b"}) {
            HttpResponse<String> r = chunk(base + id, "upload, finalize", 0, "x".getBytes());
            assertThat(r.statusCode()).as(id).isEqualTo(404);
            assertThat(r.body()).contains("NOT_FOUND");
        }
        String url = startUpload("v1beta", "", 3, "text/plain");
        assertThat(chunk(url, "cancel", 0, new byte[0]).headers().firstValue("X-Goog-Upload-Status")).contains("cancelled");
        assertThat(chunk(url, "upload, finalize", 0, "abc".getBytes()).statusCode()).isEqualTo(404);
        assertThat(s.storedBytes()).isEmpty();
    }

    @Test
    void commandsAndHeadersAreChecked() throws Exception {
        String url = startUpload("v1beta", "{}", 3, "text/plain");
        HttpResponse<String> noOffset = s.send(HttpRequest.newBuilder(java.net.URI.create(url))
                .header("X-Goog-Upload-Command", "upload").POST(HttpRequest.BodyPublishers.ofString("abc")));
        assertThat(noOffset.statusCode()).isEqualTo(400);
        assertThat(noOffset.body()).contains("X-Goog-Upload-Offset header");
        assertThat(chunk(url, "upload", -1, new byte[0]).body()).contains("is not a byte count");
        assertThat(chunk(url, "rewind", 0, new byte[0]).body()).contains("Unsupported X-Goog-Upload-Command");
        HttpResponse<String> notStart = s.send(s.request("/upload/v1beta/files")
                .header("X-Goog-Upload-Protocol", "resumable").header("X-Goog-Upload-Command", "upload")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(notStart.statusCode()).isEqualTo(400);
        assertThat(notStart.body()).contains("begins with X-Goog-Upload-Command: start");
        HttpResponse<String> mismatch = s.send(s.request("/upload/v1beta/files")
                .header("X-Goog-Upload-Protocol", "resumable").header("X-Goog-Upload-Command", "start")
                .header("X-Goog-Upload-Header-Content-Length", "5")
                .POST(HttpRequest.BodyPublishers.ofString("{\"file\":{\"sizeBytes\":\"6\"}}")));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("file.size_bytes (6) does not match X-Goog-Upload-Header-Content-Length (5)");
        // The start request needs the key; only the upload URL itself does not.
        HttpResponse<String> keyless = s.send(HttpRequest.newBuilder(java.net.URI.create(s.baseUrl() + "/upload/v1beta/files"))
                .header("X-Goog-Upload-Protocol", "resumable").header("X-Goog-Upload-Command", "start")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(keyless.statusCode()).isEqualTo(403);
    }

    @Test
    void finalizingShortOfTheDeclaredLengthIsRefusedAndTheUploadCanGoOn() throws Exception {
        String url = startUpload("v1beta", "{}", 6, "text/plain");
        HttpResponse<String> early = chunk(url, "upload, finalize", 0, "abc".getBytes());
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("finalized after 3 bytes").contains("Content-Length 6");
        HttpResponse<String> past = chunk(url, "upload", 3, "defg".getBytes());
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("goes past its declared length");
        HttpResponse<String> rest = chunk(url, "upload, finalize", 3, "def".getBytes());
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        assertThat(json(rest).get("file").get("sha256Hash").asText()).isEqualTo(FilesSdkTest.sha256("abcdef".getBytes()));
    }

    @Test
    void anUploadSurvivesARestartAndItsHashIsRebuiltFromDisk() throws Exception {
        byte[] data = FilesSdkTest.randomBytes(300_000, 7);
        String url = startUpload("v1beta", "{\"file\":{\"displayName\":\"r\"}}", data.length, "application/pdf");
        assertThat(chunk(url, "upload", 0, java.util.Arrays.copyOfRange(data, 0, 100_000)).statusCode()).isEqualTo(200);
        int oldPort = s.port();
        s.restart();
        // The URL names the old port; the session is found by its id on the new server.
        String moved = url.replace(":" + oldPort + "/", ":" + s.port() + "/");
        HttpResponse<String> q = chunk(moved, "query", 0, new byte[0]);
        assertThat(q.headers().firstValue("X-Goog-Upload-Size-Received")).contains("100000");
        HttpResponse<String> r = chunk(moved, "upload, finalize", 100_000, java.util.Arrays.copyOfRange(data, 100_000,
                data.length));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode f = json(r).get("file");
        assertThat(f.get("sha256Hash").asText()).isEqualTo(FilesSdkTest.sha256(data));
        assertThat(f.get("mimeType").asText()).isEqualTo("application/pdf");
    }

    @Test
    void anInterruptedChunkLeavesTheUploadWhereItWas() throws Exception {
        String url = startUpload("v1beta", "{}", 2000, "application/octet-stream");
        String path = url.substring(s.baseUrl().length());
        s.rawInterrupted("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Goog-Upload-Command: upload, finalize\r\n"
                + "X-Goog-Upload-Offset: 0\r\nContent-Length: 2000", new byte[700]);
        s.awaitExchanges(2);
        HttpResponse<String> q = chunk(url, "query", 0, new byte[0]);
        assertThat(q.headers().firstValue("X-Goog-Upload-Size-Received")).contains("0");
        assertThat(s.storedBytes()).allMatch(p -> p.startsWith(".partial/"));
        assertThat(s.dataDir.resolve("files/.partial").toFile().listFiles()).singleElement()
                .satisfies(p -> assertThat(p.length()).isZero());
        byte[] data = FilesSdkTest.randomBytes(2000, 3);
        HttpResponse<String> r = chunk(url, "upload, finalize", 0, data);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("file").get("sha256Hash").asText()).isEqualTo(FilesSdkTest.sha256(data));
    }

    @Test
    void unfinishedUploadsExpire() throws Exception {
        String url = startUpload("v1beta", "{}", 10, "text/plain");
        assertThat(chunk(url, "upload", 0, "12345".getBytes()).statusCode()).isEqualTo(200);
        s.clock.advance(FilesSettings.defaults().uploadTtl().plus(Duration.ofSeconds(1)));
        assertThat(chunk(url, "query", 0, new byte[0]).statusCode()).isEqualTo(404);
        s.files.sweep();
        assertThat(s.storedBytes()).isEmpty();
        assertThat(s.store.allUploads()).isEmpty();
    }
}
