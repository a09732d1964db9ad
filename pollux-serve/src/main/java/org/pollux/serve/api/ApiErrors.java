package org.pollux.serve.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Error bodies and detail objects exactly as the real service sends them (API.md §1.1, §2.3). */
public final class ApiErrors {
    private static final String TYPE = "@type";
    private static final String SERVICE = "generativelanguage.googleapis.com";

    private ApiErrors() {}

    /** {@code {"error":{"code":…,"message":…,"status":…,"details":[…]}}}. */
    public static Map<String, Object> body(ApiStatus status, String message, List<Map<String, Object>> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status.http());
        error.put("message", message);
        error.put("status", status.name());
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        return Map.of("error", error);
    }

    /** The request carried no API key (403 PERMISSION_DENIED, the real service's wording). */
    public static ApiException missingKey() {
        return new ApiException(ApiStatus.PERMISSION_DENIED,
                "Method doesn't allow unregistered callers (callers without established identity). "
                        + "Please use API Key or other form of API consumer identity to call this API.");
    }

    /** The API key is not one of the server's (400 INVALID_ARGUMENT with reason API_KEY_INVALID). */
    public static ApiException invalidKey() {
        String message = "API key not valid. Please pass a valid API key.";
        Map<String, Object> info = new LinkedHashMap<>();
        info.put(TYPE, "type.googleapis.com/google.rpc.ErrorInfo");
        info.put("reason", "API_KEY_INVALID");
        info.put("domain", "googleapis.com");
        info.put("metadata", Map.of("service", SERVICE));
        Map<String, Object> localized = new LinkedHashMap<>();
        localized.put(TYPE, "type.googleapis.com/google.rpc.LocalizedMessage");
        localized.put("locale", "en-US");
        localized.put("message", message);
        return new ApiException(ApiStatus.INVALID_ARGUMENT, message, List.of(info, localized));
    }

    /** 429 RESOURCE_EXHAUSTED with a RetryInfo detail. */
    public static ApiException exhausted(String message, Duration retryAfter) {
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put(TYPE, "type.googleapis.com/google.rpc.RetryInfo");
        retry.put("retryDelay", Durations.format(retryAfter));
        return new ApiException(ApiStatus.RESOURCE_EXHAUSTED, message, List.of(retry));
    }

    /** 404 for a model this server does not serve (the real service's wording). */
    public static ApiException unknownModel(String name, String version, String method) {
        return ApiException.notFound(name + " is not found for API version " + version
                + ", or is not supported for " + method + ". Call ListModels to see the list of available models "
                + "and their supported methods.");
    }
}
