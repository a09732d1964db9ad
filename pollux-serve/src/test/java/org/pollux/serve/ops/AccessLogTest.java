package org.pollux.serve.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.http.JettyHandler;

class AccessLogTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "key=s3cret                          | key=REDACTED",
        "pageSize=5&key=s3cret&pageToken=x   | pageSize=5&key=REDACTED&pageToken=x",
        "KEY=s3cret                          | KEY=REDACTED",
        "%6Bey=s3cret                        | %6Bey=REDACTED",
        "k%65y=s3cret&k%65y=again            | k%65y=REDACTED&k%65y=REDACTED",
        "upload_id=abc&upload_protocol=resumable | upload_id=REDACTED&upload_protocol=resumable",
        "key                                 | key=REDACTED",
        "%zz=s3cret                          | %zz=REDACTED",
        "keys=public&monkey=1                | keys=public&monkey=1",
        "$alt=json;enum-encoding=int         | $alt=json;enum-encoding=int",
        "a=1&&b=2                            | a=1&&b=2",
        "&key=s3cret&                        | &key=REDACTED&",
    })
    void secretQueryValuesAreRedacted(String query, String logged) {
        assertThat(AccessLog.redact(query)).isEqualTo(logged);
    }

    @Test
    void oneJsonObjectPerLine() throws Exception {
        JettyHandler.Completed c = new JettyHandler.Completed(Instant.parse("2026-11-05T10:15:30.123Z"), "GET",
                "/v1beta/models", "key=s3cret&pageSize=2", "/{version}/models", 200, 412, 1_734_499, "127.0.0.1",
                "curl/8.5.0 \"quoted\"\n", "rid-1");
        String line = new String(AccessLog.line(c), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("s3cret");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        JsonNode j = ApiJson.MAPPER.readTree(line);
        assertThat(j.get("time").asText()).isEqualTo("2026-11-05T10:15:30.123Z");
        assertThat(j.get("requestId").asText()).isEqualTo("rid-1");
        assertThat(j.get("method").asText()).isEqualTo("GET");
        assertThat(j.get("path").asText()).isEqualTo("/v1beta/models?key=REDACTED&pageSize=2");
        assertThat(j.get("route").asText()).isEqualTo("/{version}/models");
        assertThat(j.get("status").asInt()).isEqualTo(200);
        assertThat(j.get("bytes").asLong()).isEqualTo(412);
        assertThat(j.get("durationMs").asDouble()).isEqualTo(1.734);
        assertThat(j.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(j.get("userAgent").asText()).isEqualTo("curl/8.5.0 \"quoted\"\n");
    }

    @Test
    void aPathWithoutQueryAndAMissingUserAgent() throws Exception {
        JettyHandler.Completed c = new JettyHandler.Completed(Instant.EPOCH, "POST", "/healthz", null, "/healthz", 404,
                0, 5, "::1", null, "r");
        JsonNode j = ApiJson.MAPPER.readTree(AccessLog.line(c));
        assertThat(j.get("path").asText()).isEqualTo("/healthz");
        assertThat(j.has("userAgent")).isFalse();
        assertThat(j.get("durationMs").asDouble()).isEqualTo(0.0);
    }
}
