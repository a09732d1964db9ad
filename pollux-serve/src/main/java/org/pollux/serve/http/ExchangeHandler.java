package org.pollux.serve.http;

/**
 * Serves one exchange completely and says how it ended: what {@link HttpServer} calls for every
 * request. {@link ApiDispatcher} is the implementation; a test may wrap it to watch what clients
 * send.
 */
@FunctionalInterface
public interface ExchangeHandler {
    ApiDispatcher.Dispatched dispatch(ApiExchange exchange);
}
