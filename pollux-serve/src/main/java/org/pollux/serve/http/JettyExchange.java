package org.pollux.serve.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.pollux.serve.api.ApiException;

/** {@link ApiExchange} over a Jetty 12 core request/response pair (blocking I/O on the handler's thread). */
final class JettyExchange implements ApiExchange {
    private final Request request;
    private final Response response;
    private Fields query;
    private InputStream body;
    private OutputStream output;

    JettyExchange(Request request, Response response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        String p = request.getHttpURI().getDecodedPath();
        return p == null ? "/" : p;
    }

    @Override
    public String query(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query.getValue(name);
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    @Override
    public InputStream body() {
        if (body == null) {
            body = Content.Source.asInputStream(request);
        }
        return body;
    }

    @Override
    public byte[] bodyBytes(long limit) throws IOException {
        long declared = request.getLength();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        byte[] bytes = body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    private static ApiException tooLarge(long limit) {
        return ApiException.invalid("Request payload size exceeds the limit: " + limit + " bytes.");
    }

    @Override
    public String baseUrl() {
        String scheme = request.getHttpURI().getScheme();
        String host = Request.getServerName(request);
        int port = Request.getServerPort(request);
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return (scheme == null ? "http" : scheme) + "://" + h + (defaultPort || port <= 0 ? "" : ":" + port);
    }

    @Override
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    @Override
    public void status(int code) {
        response.setStatus(code);
    }

    @Override
    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    @Override
    public OutputStream output() {
        if (output == null) {
            output = Content.Sink.asOutputStream(response);
        }
        return output;
    }

    @Override
    public boolean committed() {
        return response.isCommitted();
    }

    /** Ends the response (flushes and completes the body). */
    void finish() throws IOException {
        if (output != null) {
            output.close();
        }
        try {
            drainBody();
        } catch (IOException e) {
            // The response is complete; a body that cannot be read only costs the connection.
        }
    }

    /** Bodies up to this size that a handler left unread are read and dropped at the end. */
    static final long DRAIN_LIMIT = 64 * 1024;

    /**
     * Reads what the handler left of a small request body (a DELETE with {@code {}}, a refused
     * request): Jetty closes a connection whose request body was not consumed, without telling
     * the client, whose next request on that keep-alive connection then fails. A larger rest is
     * not worth reading; the client sees {@code Connection: close} and reconnects.
     */
    private void drainBody() throws IOException {
        long declared = request.getLength();
        boolean chunked = request.getHeaders().contains("Transfer-Encoding");
        if (declared <= 0 && !chunked) {
            return;
        }
        if (declared > DRAIN_LIMIT && body == null) {
            if (!response.isCommitted()) {
                response.getHeaders().put("Connection", "close");
            }
            return;
        }
        InputStream in = body();
        long left = DRAIN_LIMIT;
        byte[] buf = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            left -= n;
        }
    }
}
