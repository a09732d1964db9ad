package org.pollux.serve.http;

import java.util.Set;
import org.pollux.serve.api.ApiErrors;

/**
 * API-key check as the real service does it (API.md §1.1): the key comes from the
 * {@code x-goog-api-key} header or, failing that, the {@code key} query parameter; none is 403
 * PERMISSION_DENIED, an unknown one 400 API_KEY_INVALID. With no keys configured, every call passes.
 */
public final class ApiKeys {
    private final Set<String> keys;

    public ApiKeys(Set<String> keys) {
        this.keys = Set.copyOf(keys);
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** Throws the real service's error unless the exchange carries a valid key. */
    public void check(ApiExchange ex) {
        if (keys.isEmpty()) {
            return;
        }
        String key = ex.header("x-goog-api-key");
        if (key == null || key.isEmpty()) {
            key = ex.query("key");
        }
        if (key == null || key.isEmpty()) {
            throw ApiErrors.missingKey();
        }
        if (!keys.contains(key)) {
            throw ApiErrors.invalidKey();
        }
    }
}
