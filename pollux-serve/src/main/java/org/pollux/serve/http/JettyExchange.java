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
    private boolean settled;

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

    /** Ends the response (flushes and completes the body), then settles what is left of the request body. */
    void finish() throws IOException {
        if (output != null) {
            output.close();
        }
        settleBody();
    }

    /** The most of an unread request body that is read and dropped to keep the connection. */
    static final long DRAIN_LIMIT = 64 * 1024;

    @Override
    public void settleBody() {
        if (settled) {
            return;
        }
        settled = true;
        long declared = request.getLength();
        boolean chunked = request.getHeaders().contains("Transfer-Encoding");
        if (declared <= 0 && !chunked) {
            return;
        }
        try {
            if (declared > DRAIN_LIMIT && body == null) {
                closeConnection();
                return;
            }
            InputStream in = body();
            byte[] buf = new byte[8192];
            long drained = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                drained += n;
                if (drained > DRAIN_LIMIT) {
                    closeConnection();
                    return;
                }
            }
        } catch (IOException e) {
            // The client is gone or its body is broken: the connection cannot be reused anyway.
            closeConnection();
        }
    }

    private void closeConnection() {
        if (!response.isCommitted()) {
            response.getHeaders().put("Connection", "close");
        }
    }
}
