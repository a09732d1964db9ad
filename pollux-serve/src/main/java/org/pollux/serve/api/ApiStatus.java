package org.pollux.serve.api;

/** The canonical google.rpc codes the API answers with, each with its HTTP status (API.md §2.3). */
public enum ApiStatus {
    INVALID_ARGUMENT(400),
    FAILED_PRECONDITION(400),
    OUT_OF_RANGE(400),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    ABORTED(409),
    RESOURCE_EXHAUSTED(429),
    CANCELLED(499),
    INTERNAL(500),
    UNIMPLEMENTED(501),
    UNAVAILABLE(503),
    DEADLINE_EXCEEDED(504);

    private final int http;

    ApiStatus(int http) {
        this.http = http;
    }

    /** The HTTP status code this canonical code is sent with. */
    public int http() {
        return http;
    }
}
