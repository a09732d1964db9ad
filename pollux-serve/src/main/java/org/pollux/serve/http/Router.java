package org.pollux.serve.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps {@code METHOD path} to handlers. API routes are registered once, relative to the version
 * ({@code /models/{model}:generateContent}), and answer under every prefix: {@code /v1beta} and
 * {@code /v1}, and {@code /upload/v1beta}, {@code /upload/v1} for upload routes (API.md §1.1:
 * @google/genai 3.x defaults to v1). Plain routes ({@code /healthz}) match as written.
 *
 * <p>A {@code {name}} segment matches one path segment up to a {@code :verb} suffix, so
 * {@code models/gemma-3-1b:countTokens} routes with {@code model = gemma-3-1b}.
 */
public final class Router {
    /** Version prefixes, longest first so {@code /v1beta} is not read as {@code /v1}. */
    public static final List<String> VERSIONS = List.of("v1beta", "v1");

    private record Route(String method, Pattern pattern, List<String> names, ApiHandler handler, boolean versioned,
            String template) {}

    /**
     * A matched route.
     *
     * @param route the route as registered, with the version as {@code {version}}, e.g.
     *     {@code /{version}/models/{model}:generateContent}: a label of few values for metrics
     */
    public record Match(ApiHandler handler, Map<String, String> params, String version, String route) {}

    private final List<Route> routes = new ArrayList<>();

    /** An API route under {@code /v1beta} and {@code /v1}. */
    public Router api(String method, String pattern, ApiHandler handler) {
        return add(method, "/(v1beta|v1)" + pattern, "/{version}" + pattern, handler, true);
    }

    /** An upload route under {@code /upload/v1beta} and {@code /upload/v1}. */
    public Router upload(String method, String pattern, ApiHandler handler) {
        return add(method, "/upload/(v1beta|v1)" + pattern, "/upload/{version}" + pattern, handler, true);
    }

    /** A route outside the API (health, metrics, the playground). */
    public Router plain(String method, String pattern, ApiHandler handler) {
        return add(method, pattern, pattern, handler, false);
    }

    private Router add(String method, String prefixed, String template, ApiHandler handler, boolean versioned) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = Pattern.compile("\\{([a-zA-Z]+)}").matcher(prefixed);
        int last = 0;
        while (m.find()) {
            regex.append(prefixed, last, m.start()).append("([^/:]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(prefixed.substring(last)).append('$');
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler, versioned, template));
        return this;
    }

    /**
     * The route for {@code method path}, or null. {@code methodMismatch[0]} is set when the path
     * matched under another method only.
     */
    public Match find(String method, String path, boolean[] methodMismatch) {
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!r.method.equals(method)) {
                methodMismatch[0] = true;
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int group = 1;
            String version = null;
            if (r.versioned) {
                version = m.group(group++);
            }
            for (String name : r.names) {
                params.put(name, m.group(group++));
            }
            return new Match(r.handler, params, version, r.template);
        }
        return null;
    }
}
