package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiJson;

/** Multipart and raw uploads (API.md §1.6), which no SDK sends but curl users and hand-written clients do. */
class OneShotUploadTest {
    FilesFixture s;

    @BeforeEach
    void start() throws Exception {
        s = FilesFixture.start();
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    static byte[] multipart(String boundary, String metadata, String mediaType, byte[] media) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n" + metadata
                + "\r\n--" + boundary + "\r\n" + (mediaType == null ? "" : "Content-Type: " + mediaType + "\r\n")
                + "\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(media);
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private HttpResponse<String> postMultipart(String query, String boundaryParam, byte[] body, boolean protocolHeader)
            throws Exception {
        HttpRequest.Builder b = s.request("/upload/v1beta/files" + query)
                .header("Content-Type", "multipart/related; boundary=" + boundaryParam)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (protocolHeader) {
            b.header("X-Goog-Upload-Protocol", "multipart");
        }
        return s.send(b);
    }

    private byte[] download(String name) throws Exception {
        HttpResponse<byte[]> r = s.sendForBytes(s.request("/v1beta/" + name + ":download?alt=media").GET());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void multipartStoresTheMediaPartWithTheMetadata() throws Exception {
        // Near-delimiters in the media must survive: the delimiter minus its last byte, and the boundary
        // without the CRLF that must precede it (RFC 2046 forbids only CRLF--boundary inside a part).
        byte[] media = ("line 1\r\n--xyz-boundar\r\nx--xyz-boundary\n--xyz-boundary\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = multipart("xyz-boundary", "{\"file\":{\"display_name\":\"doc\",\"mime_type\":\"text/markdown\"}}",
                "text/plain", media);
        HttpResponse<String> r = postMultipart("", "\"xyz-boundary\"", body, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode f = ApiJson.MAPPER.readTree(r.body()).get("file");
        assertThat(f.get("displayName").asText()).isEqualTo("doc");
        assertThat(f.get("mimeType").asText()).as("the metadata's type wins").isEqualTo("text/markdown");
        assertThat(f.get("sizeBytes").asText()).isEqualTo(Integer.toString(media.length));
        assertThat(f.get("sha256Hash").asText()).isEqualTo(FilesSdkTest.sha256(media));
        assertThat(download(f.get("name").asText())).isEqualTo(media);
    }

    @Test
    void multipartIsRecognizedByQueryOrContentTypeAndTakesAClientChosenName() throws Exception {
        byte[] png = FilesSdkTest.randomBytes(200_000, 5);
        HttpResponse<String> byQuery = postMultipart("?uploadType=multipart", "b1",
                multipart("b1", "{\"file\":{\"name\":\"files/my-image-1\"}}", "image/png", png), false);
        assertThat(byQuery.statusCode()).as(byQuery.body()).isEqualTo(200);
        JsonNode f = ApiJson.MAPPER.readTree(byQuery.body()).get("file");
        assertThat(f.get("name").asText()).isEqualTo("files/my-image-1");
        assertThat(f.get("mimeType").asText()).as("the media part's type").isEqualTo("image/png");
        assertThat(download("files/my-image-1")).isEqualTo(png);

        HttpResponse<String> taken = postMultipart("", "b2", multipart("b2", "{\"file\":{\"name\":\"my-image-1\"}}",
                "image/png", png), false);
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("ALREADY_EXISTS").contains("files/my-image-1 already exists");
    }

    @Test
    void malformedMultipartBodiesAre400AndStoreNothing() throws Exception {
        byte[] good = multipart("bb", "{}", "text/plain", "data".getBytes());
        String text = new String(good, StandardCharsets.ISO_8859_1);
        String[][] cases = {
            {"bb", text.substring(0, text.length() - 8), "ended before the closing boundary"},
            {"bb", text.replace("--bb--", "--bb\r\n\r\nthird\r\n--bb--"), "more than 2 parts"},
            {"bb", "--bb\r\n\r\n{}\r\n--bb--", "no media part"},
            {"bb", "--bb--", "has no parts"},
            {"bb", "no boundary at all", "ended before the closing boundary"},
            {"bb", text.replace("--bb\r\nContent-Type: text/plain", "--bb\r\nContent-Type text/plain"), "malformed part header"},
            {"bb", text.replaceFirst("\\{}", "{\"file\":"), "Invalid JSON payload"},
            {"", text, "no boundary parameter"},
            {"b@d", text, "Invalid multipart boundary"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = postMultipart("", c[0], c[1].getBytes(StandardCharsets.ISO_8859_1), true);
            assertThat(r.statusCode()).as(c[2]).isEqualTo(400);
            assertThat(r.body()).as(c[2]).contains(c[2]);
        }
        assertThat(s.storedBytes()).isEmpty();
        assertThat(s.store.allFiles()).isEmpty();
    }

    @Test
    void rawUploadTakesTheBodyAndItsContentType() throws Exception {
        byte[] data = FilesSdkTest.randomBytes(70_000, 9);
        HttpResponse<String> r = s.send(s.request("/upload/v1beta/files").header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode f = ApiJson.MAPPER.readTree(r.body()).get("file");
        assertThat(f.get("mimeType").asText()).isEqualTo("audio/wav");
        assertThat(f.has("displayName")).isFalse();
        assertThat(f.get("sizeBytes").asText()).isEqualTo("70000");
        assertThat(download(f.get("name").asText())).isEqualTo(data);

        HttpResponse<String> explicit = s.send(s.request("/upload/v1/files").header("X-Goog-Upload-Protocol", "raw")
                .POST(HttpRequest.BodyPublishers.ofString("plain")));
        JsonNode g = ApiJson.MAPPER.readTree(explicit.body()).get("file");
        assertThat(g.get("mimeType").asText()).isEqualTo("application/octet-stream");
        assertThat(g.get("uri").asText()).startsWith(s.baseUrl() + "/v1/files/");

        HttpResponse<String> badType = s.send(s.request("/upload/v1beta/files").header("Content-Type", "nonsense")
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("Invalid media type in Content-Type");
        HttpResponse<String> badProtocol = s.send(s.request("/upload/v1beta/files")
                .header("X-Goog-Upload-Protocol", "carrier-pigeon").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(badProtocol.body()).contains("Unsupported X-Goog-Upload-Protocol");
    }
}
