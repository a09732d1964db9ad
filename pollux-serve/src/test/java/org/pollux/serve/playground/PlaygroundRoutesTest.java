package org.pollux.serve.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;

/** The playground's files over raw HTTP: content, types, caching, security headers, and what is not served. */
class PlaygroundRoutesTest {
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PlaygroundRoutes.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void rootServesThePageWithoutAKeyAndWithAStrictPolicy() throws Exception {
        HttpResponse<byte[]> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(resource("index.html"));
        assertThat(header(r, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(r.body().length));
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-cache");
        String csp = header(r, "Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'", "require-trusted-types-for 'script'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
    }

    @Test
    void everyAssetHasItsContentTypeAndExactBytes() throws Exception {
        for (String name : PlaygroundRoutes.ASSETS) {
            HttpResponse<byte[]> r = get("/playground/" + name);
            assertThat(r.statusCode()).as(name).isEqualTo(200);
            assertThat(r.body()).as(name).isEqualTo(resource(name));
            String expected = switch (name.substring(name.lastIndexOf('.') + 1)) {
                case "html" -> "text/html; charset=utf-8";
                case "js" -> "text/javascript; charset=utf-8";
                case "css" -> "text/css; charset=utf-8";
                case "svg" -> "image/svg+xml";
                default -> throw new AssertionError("unexpected asset type " + name);
            };
            assertThat(header(r, "Content-Type")).as(name).isEqualTo(expected);
            assertThat(header(r, "Content-Security-Policy")).as(name).isEqualTo(PlaygroundRoutes.CONTENT_SECURITY_POLICY);
        }
    }

    @Test
    void unchangedFilesRevalidateTo304() throws Exception {
        HttpResponse<byte[]> first = get("/playground/app.js");
        String etag = header(first, "ETag");
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(header(get("/playground/api.js"), "ETag")).isNotEqualTo(etag);

        HttpResponse<byte[]> again = get("/playground/app.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(header(again, "ETag")).isEqualTo(etag);
        assertThat(get("/playground/app.js", "If-None-Match", "\"other\", W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get("/playground/app.js", "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(get("/playground/app.js", "If-None-Match", "\"stale\"").statusCode()).isEqualTo(200);
    }

    @Test
    void onlyTheListedFilesAreServed() throws Exception {
        for (String path : new String[] {"/playground/PlaygroundRoutes.class", "/playground/StaticAsset.class",
                "/playground/", "/playground/nope.js", "/index.html"}) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(header(r, "Content-Type")).as(path).startsWith("application/json");
        }
    }

    /**
     * The page's references and the modules' imports all resolve to served files, and every
     * served file is used: the list in PlaygroundRoutes is exactly what the page needs.
     */
    @Test
    void assetListIsExactlyWhatThePageLoads() throws Exception {
        Set<String> used = new LinkedHashSet<>();
        used.add("index.html");
        String html = new String(resource("index.html"), StandardCharsets.UTF_8);
        Matcher refs = Pattern.compile("(?:src|href)=\"/playground/([^\"]+)\"").matcher(html);
        while (refs.find()) {
            used.add(refs.group(1));
        }
        Pattern imports = Pattern.compile("from '\\./([^']+)'");
        Set<String> seen = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String name : Set.copyOf(used)) {
                if (name.endsWith(".js") && seen.add(name)) {
                    Matcher m = imports.matcher(new String(resource(name), StandardCharsets.UTF_8));
                    while (m.find()) {
                        grew |= used.add(m.group(1));
                    }
                }
            }
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(PlaygroundRoutes.ASSETS);
    }

    /** What the policy forbids never appears in the markup: inline scripts, styles or handlers. */
    @Test
    void markupNeedsNothingThePolicyForbids() throws Exception {
        String html = new String(resource("index.html"), StandardCharsets.UTF_8);
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=\"/playground/");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isEqualTo(1);
        assertThat(html).doesNotContainPattern("(?i)<style|\\sstyle=|\\son[a-z]+=|javascript:");
    }
}
