package org.pollux.serve.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One HTTP request and its response, as the API handlers see it: independent of the HTTP server
 * library, so handlers can be tested without sockets.
 */
public interface ApiExchange {
    /** GET, POST, PATCH, DELETE… */
    String method();

    /** The decoded path without the query, e.g. {@code /v1beta/models/gemma:generateContent}. */
    String path();

    /** The first value of a query parameter, or null. */
    String query(String name);

    /** A request header (case-insensitive name), or null. */
    String header(String name);

    /** The request body as a stream (read it once). */
    InputStream body() throws IOException;

    /**
     * The whole request body, refusing more than {@code limit} bytes with a 400 that says so
     * (the stream is not read further).
     */
    byte[] bodyBytes(long limit) throws IOException;

    /** {@code scheme://host[:port]} as the client addressed the server (the Host header). */
    String baseUrl();

    /** The client's address, for logs. */
    String remoteAddress();

    /** Sets the status; must come before the first write. */
    void status(int code);

    /** Sets a response header; must come before the first write. */
    void header(String name, String value);

    /**
     * The response body. The first write commits status and headers; without a Content-Length
     * the body is streamed (chunked), and {@code flush()} pushes what was written to the client.
     * A write to a client that went away throws an IOException.
     */
    OutputStream output() throws IOException;

    /** Whether status and headers were already sent (an error can then only go into the body). */
    boolean committed();

    /**
     * Leaves the connection reusable after a reply that did not read the whole request body (a
     * refusal, a DELETE with {@code {}}, a repeated final upload chunk): reads and drops a small
     * rest, and asks for {@code Connection: close} when more is left and the reply has not started.
     * Jetty would otherwise close the connection without telling the client, whose next request on
     * it then fails. Never throws; calling it again does nothing. Call it before replying where the
     * body may be left unread; the server also calls it when the exchange ends.
     */
    void settleBody();
}
