package org.pollux.serve.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pollux.generate.GenerationRejectedException;
import org.pollux.serve.api.ApiErrors;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.api.ApiStatus;

/**
 * Routes an exchange, checks its API key, runs the handler, and turns every refusal into the
 * API's error JSON: {@link ApiException} as given, {@link IllegalArgumentException} (a request the
 * engine cannot run) as 400, {@link GenerationRejectedException} as 429 with RetryInfo, anything
 * else as 500. An error after the response was committed cannot change the status; streaming
 * handlers report those in the stream themselves.
 */
public final class ApiDispatcher implements ExchangeHandler {
    private static final Logger LOG = Logger.getLogger(ApiDispatcher.class.getName());

    private final Router router;
    private final ApiKeys keys;

    public ApiDispatcher(Router router, ApiKeys keys) {
        this.router = router;
        this.keys = keys;
    }

    /**
     * What {@link #dispatch} did, for logs and metrics.
     *
     * @param status the HTTP status sent (499 when the client went away)
     * @param route the matched route's template, or {@value #UNMATCHED} (so that scanners
     *     probing random paths cannot grow the set of metric labels)
     */
    public record Dispatched(int status, String route) {}

    /** The route label of requests that matched no route. */
    public static final String UNMATCHED = "unmatched";

    /** Serves one exchange. */
    @Override
    public Dispatched dispatch(ApiExchange ex) {
        String route = UNMATCHED;
        try {
            boolean[] otherMethod = new boolean[1];
            Router.Match match = router.find(ex.method(), ex.path(), otherMethod);
            if (match == null) {
                throw otherMethod[0]
                        ? new ApiException(ApiStatus.NOT_FOUND, "Method " + ex.method() + " is not allowed on " + ex.path() + ".")
                        : ApiException.notFound("Method not found: " + ex.method() + " " + ex.path() + ".");
            }
            route = match.route();
            // The resumable-upload session URL is itself the credential (LangChain4j sends no key there).
            boolean uploadSession = ex.path().startsWith("/upload/") && ex.query("upload_id") != null;
            if (match.version() != null && !uploadSession) {
                keys.check(ex);
            }
            ex.status(200);
            match.handler().handle(new ApiCall(ex, match.params(), match.version()));
            return new Dispatched(200, route);
        } catch (ApiException e) {
            return new Dispatched(error(ex, e), route);
        } catch (GenerationRejectedException e) {
            return new Dispatched(error(ex, ApiErrors.exhausted(e.getMessage(), e.retryAfter())), route);
        } catch (IllegalArgumentException e) {
            return new Dispatched(error(ex, ApiException.invalid(e.getMessage())), route);
        } catch (IOException e) {
            // The client went away or sent a broken body: nothing can be answered to it.
            LOG.log(Level.FINE, "I/O error on " + ex.path() + ": " + e);
            return new Dispatched(499, route);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "internal error on " + ex.method() + " " + ex.path(), e);
            return new Dispatched(error(ex, new ApiException(ApiStatus.INTERNAL, "Internal error: " + e)), route);
        }
    }

    private static int error(ApiExchange ex, ApiException e) {
        if (ex.committed()) {
            LOG.log(Level.WARNING, "error after the response started on " + ex.path() + ": " + e.getMessage());
            return e.status().http();
        }
        // A refusal seldom reads the body (a POST with a bad key, say): settle it before replying.
        ex.settleBody();
        writeJson(ex, e.status().http(), e.body());
        return e.status().http();
    }

    /** Writes a complete JSON response. */
    public static void writeJson(ApiExchange ex, int status, Object body) {
        byte[] bytes = ApiJson.write(body);
        ex.status(status);
        ex.header("Content-Type", "application/json; charset=UTF-8");
        ex.header("Content-Length", Integer.toString(bytes.length));
        try {
            OutputStream out = ex.output();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away before the response: " + e);
        }
    }

    /** Writes {@code {}}, the body of deletes. */
    public static void writeEmpty(ApiExchange ex) {
        writeJson(ex, 200, Map.of());
    }
}
