package org.pollux.serve.http;

import java.io.IOException;

/** Serves one route. Refusals are thrown as {@link org.pollux.serve.api.ApiException}. */
@FunctionalInterface
public interface ApiHandler {
    void handle(ApiCall call) throws IOException;
}
