package org.pollux.serve;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;

/**
 * The official Java SDK pointed at a test server: base URL, key and API version, and one attempt
 * per call (the SDK retries 429/5xx five times by default, which error tests must not wait for).
 */
public final class SdkClients {
    private SdkClients() {}

    public static Client of(String baseUrl, String key, String version) {
        return Client.builder().apiKey(key).httpOptions(HttpOptions.builder().baseUrl(baseUrl).apiVersion(version)
                .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }
}
