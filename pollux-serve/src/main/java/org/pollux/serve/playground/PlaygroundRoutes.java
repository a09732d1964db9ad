package org.pollux.serve.playground;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.http.ApiExchange;
import org.pollux.serve.http.Router;

/**
 * Serves the web playground: {@code GET /} is the page, {@code GET /playground/{asset}} its
 * scripts, style sheet and icon. Only the files listed in {@link #ASSETS} exist (no path from the
 * request ever reaches the classpath), and no API key is asked for: the page itself sends the
 * key the user types, to the API routes.
 *
 * <p>Every answer carries a strict Content-Security-Policy (scripts, styles and connections only
 * from this origin, no inline code, no frames, no HTML sinks through Trusted Types) and
 * {@code Cache-Control: no-cache} with a strong ETag: browsers revalidate on each load and get a
 * 304 while the files are unchanged, so a new server version is never hidden behind a stale cache.
 */
public final class PlaygroundRoutes {
    /** The files under {@code /playground/}; {@code /} serves {@value #INDEX}. */
    static final List<String> ASSETS = List.of("index.html", "playground.css", "app.js", "api.js", "sse.js",
            "request.js", "reply.js", "transcript.js", "favicon.svg");

    static final String INDEX = "index.html";

    /** The policy sent with every playground response. */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
            "require-trusted-types-for 'script'",
            "trusted-types 'none'");

    private final Map<String, StaticAsset> assets = new LinkedHashMap<>();

    public PlaygroundRoutes() {
        for (String name : ASSETS) {
            assets.put(name, StaticAsset.load(name));
        }
    }

    public void register(Router router) {
        router.plain("GET", "/", call -> serve(call.exchange(), assets.get(INDEX)));
        router.plain("GET", "/playground/{asset}", call -> {
            StaticAsset asset = assets.get(call.param("asset"));
            if (asset == null) {
                throw ApiException.notFound("The playground has no file " + call.param("asset") + ".");
            }
            serve(call.exchange(), asset);
        });
    }

    private static void serve(ApiExchange ex, StaticAsset asset) throws IOException {
        ex.header("Cache-Control", "no-cache");
        ex.header("ETag", asset.etag());
        ex.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ex.header("X-Content-Type-Options", "nosniff");
        ex.header("Referrer-Policy", "no-referrer");
        ex.header("Cross-Origin-Opener-Policy", "same-origin");
        if (asset.matches(ex.header("If-None-Match"))) {
            ex.status(304);
            return;
        }
        ex.status(200);
        ex.header("Content-Type", asset.contentType());
        ex.header("Content-Length", Integer.toString(asset.bytes().length));
        OutputStream out = ex.output();
        out.write(asset.bytes());
        out.flush();
    }
}
