package org.pollux.serve.api;

import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, carried to the dispatcher, which writes it as
 * {@code {"error":{"code","message","status","details"}}} (google.rpc.Status JSON).
 *
 * @see ApiErrors for the error bodies of well-known cases
 */
public final class ApiException extends RuntimeException {
    private final ApiStatus status;
    private final List<Map<String, Object>> details;

    public ApiException(ApiStatus status, String message) {
        this(status, message, List.of());
    }

    public ApiException(ApiStatus status, String message, List<Map<String, Object>> details) {
        super(message);
        this.status = status;
        this.details = List.copyOf(details);
    }

    public ApiStatus status() {
        return status;
    }

    /** google.rpc detail objects, each with its {@code @type}. */
    public List<Map<String, Object>> details() {
        return details;
    }

    /** 400 INVALID_ARGUMENT. */
    public static ApiException invalid(String message) {
        return new ApiException(ApiStatus.INVALID_ARGUMENT, message);
    }

    /** 404 NOT_FOUND. */
    public static ApiException notFound(String message) {
        return new ApiException(ApiStatus.NOT_FOUND, message);
    }

    /** The {@code {"error":{…}}} body. */
    public Map<String, Object> body() {
        return ApiErrors.body(status, getMessage(), details);
    }
}
