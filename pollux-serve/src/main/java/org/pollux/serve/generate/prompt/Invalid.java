package org.pollux.serve.generate.prompt;

import org.pollux.serve.api.ApiException;

/**
 * 400 INVALID_ARGUMENT in the real service's field-violation style:
 * {@code * GenerateContentRequest.contents[0].parts[1]: <what is wrong>}.
 */
public final class Invalid {
    private Invalid() {}

    public static ApiException at(String path, String message) {
        return ApiException.invalid("* " + path + ": " + message);
    }
}
