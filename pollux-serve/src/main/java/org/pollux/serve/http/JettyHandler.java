package org.pollux.serve.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Hands every Jetty request to the {@link ApiDispatcher} on the request's (virtual) thread. */
public final class JettyHandler extends Handler.Abstract {
    private final ApiDispatcher dispatcher;
    private final ExchangeListener listener;

    /** Told about every finished exchange (access log, metrics). */
    public interface ExchangeListener {
        void finished(ApiExchange exchange, int status, long nanos);
    }

    JettyHandler(ApiDispatcher dispatcher, ExchangeListener listener) {
        this.dispatcher = dispatcher;
        this.listener = listener;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        JettyExchange ex = new JettyExchange(request, response);
        int status = dispatcher.dispatch(ex);
        try {
            ex.finish();
            callback.succeeded();
        } catch (Throwable t) {
            callback.failed(t);
        }
        listener.finished(ex, status, System.nanoTime() - start);
        return true;
    }
}
