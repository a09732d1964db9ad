package org.pollux.serve.generate;

import java.io.IOException;
import org.pollux.serve.api.ApiException;

/**
 * Writes a streamed response in one of the API's two framings (API.md §1.3): server-sent events
 * ({@code alt=sse}) or one JSON array written element by element. Every method flushes, so each
 * chunk reaches the client as soon as it exists; a client that went away shows as an IOException.
 */
interface StreamWriter {
    /** One GenerateContentResponse chunk (compact JSON). */
    void event(byte[] json) throws IOException;

    /** An error after the response started; the stream ends after it. */
    void error(ApiException e) throws IOException;

    /** Ends the stream normally. */
    void finish() throws IOException;
}
