package org.pollux.serve.http;

import java.time.Instant;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hands every Jetty request to the {@link ApiDispatcher} on the request's (virtual) thread, tags it
 * with a request id ({@value #REQUEST_ID}: the client's own when it sent a sane one, else a fresh
 * UUID, echoed in the response), and tells the {@link ExchangeListener} how it went.
 */
public final class JettyHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(JettyHandler.class.getName());

    /** The request-id header, read from the request and set on every response. */
    public static final String REQUEST_ID = "x-request-id";

    /** Client ids are echoed only when short and made of characters that are safe in headers and logs. */
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._~:/+=@-]{1,128}");

    private final ExchangeHandler dispatcher;
    private final ExchangeListener listener;

    /**
     * One finished exchange, copied out of the request before Jetty recycles it.
     *
     * @param start when the request reached the handler
     * @param path the decoded path, without the query
     * @param query the raw (still encoded) query string, or null; it may carry an API key
     * @param route the matched route's template (see {@link ApiDispatcher.Dispatched#route})
     * @param status the status sent; 499 when the client went away before the response
     * @param bytes response body bytes written
     * @param nanos time from arrival to the end of the response
     * @param userAgent the User-Agent header, or null
     */
    public record Completed(Instant start, String method, String path, String query, String route, int status,
            long bytes, long nanos, String remoteAddress, String userAgent, String requestId) {}

    /**
     * Told about every finished exchange (access log, metrics) once its response body is written,
     * on the request's thread; a slow listener delays the end of the exchange, not the client.
     */
    @FunctionalInterface
    public interface ExchangeListener {
        void finished(Completed exchange);
    }

    JettyHandler(ExchangeHandler dispatcher, ExchangeListener listener) {
        this.dispatcher = dispatcher;
        this.listener = listener;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        Instant at = Instant.now();
        String requestId = requestId(request.getHeaders().get(REQUEST_ID));
        response.getHeaders().put(REQUEST_ID, requestId);
        JettyExchange ex = new JettyExchange(request, response);
        ApiDispatcher.Dispatched d = dispatcher.dispatch(ex);
        Throwable failure = null;
        try {
            ex.finish();
        } catch (Throwable t) {
            failure = t;
        }
        int status = d.status() == 499 || failure != null ? 499 : response.getStatus();
        Completed done = new Completed(at, ex.method(), ex.path(), request.getHttpURI().getQuery(), d.route(), status,
                Response.getContentBytesWritten(response), System.nanoTime() - start, ex.remoteAddress(),
                request.getHeaders().get("User-Agent"), requestId);
        // Before the callback: Jetty may recycle request and response after it, and a graceful
        // shutdown waits for the callback, so no log line is lost when the server stops.
        try {
            listener.finished(done);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "exchange listener failed", e);
        }
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
        return true;
    }

    /** The client's id when it is sane, else a fresh one. */
    static String requestId(String fromClient) {
        return fromClient != null && SANE_ID.matcher(fromClient).matches() ? fromClient : UUID.randomUUID().toString();
    }
}
