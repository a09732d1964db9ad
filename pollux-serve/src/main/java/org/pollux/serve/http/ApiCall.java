package org.pollux.serve.http;

import java.util.Map;

/**
 * A routed request: the exchange, the values of the route's {@code {name}} segments, and the API
 * version prefix it came under ({@code v1beta} or {@code v1}).
 */
public record ApiCall(ApiExchange exchange, Map<String, String> params, String version) {
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter {" + name + "}");
        }
        return v;
    }
}
