package org.pollux.serve.files;

import java.io.IOException;
import java.io.InputStream;
import org.pollux.serve.http.ApiExchange;

/**
 * Leaves a connection reusable after a reply that did not read the whole request body (a refused
 * upload, a DELETE with a {@code {}} body, a repeated final chunk). The server closes such a
 * connection without saying so, and a client that sends its next request on it gets a broken
 * connection. So: read and drop a small rest; if more is left, say {@code Connection: close}.
 */
final class RequestBodies {
    /** The most that is read and dropped to keep the connection. */
    static final int DRAIN_LIMIT = 64 * 1024;

    private RequestBodies() {}

    /** Call before the reply is committed. */
    static void settle(ApiExchange ex) {
        if (ex.committed()) {
            return;
        }
        try {
            InputStream in = ex.body();
            byte[] skip = new byte[8192];
            long drained = 0;
            for (int n; (n = in.read(skip)) >= 0; ) {
                drained += n;
                if (drained > DRAIN_LIMIT) {
                    ex.header("Connection", "close");
                    return;
                }
            }
        } catch (IOException e) {
            // The client is gone or its body is broken: the connection cannot be reused anyway.
            ex.header("Connection", "close");
        }
    }
}
