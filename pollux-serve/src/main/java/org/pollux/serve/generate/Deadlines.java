package org.pollux.serve.generate;

import java.time.Duration;
import org.pollux.generate.CancellationToken;
import org.pollux.generate.FinishReason;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiStatus;
import org.pollux.serve.http.ApiExchange;

/**
 * Per-request deadlines: a client may bound a generation with the {@code X-Server-Timeout}
 * header (seconds, fractions allowed), as Google's REST transports send it. The generation is
 * cancelled when it expires, queued or running, and its KV memory freed; the request then ends
 * with 504 DEADLINE_EXCEEDED (inside a stream that already started: an error event).
 */
final class Deadlines {
    static final String HEADER = "X-Server-Timeout";

    private Deadlines() {}

    /** A cancellation token for this exchange, expiring at the client's deadline if it set one. */
    static CancellationToken tokenFor(ApiExchange ex) {
        CancellationToken token = new CancellationToken();
        String value = ex.header(HEADER);
        if (value != null) {
            double seconds;
            try {
                seconds = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
            if (!(seconds > 0) || seconds > 86_400) {
                throw ApiException.invalid("Invalid " + HEADER + " header \"" + value
                        + "\": expected seconds in (0, 86400], e.g. 30 or 2.5.");
            }
            token.cancelAfter(Duration.ofNanos((long) (seconds * 1e9)));
        }
        return token;
    }

    /** The error for a generation that ran out of time, or null when it did not. */
    static ApiException expired(CandidateRunner.Outcome o) {
        return o.result().finishReason() == FinishReason.DEADLINE
                ? new ApiException(ApiStatus.DEADLINE_EXCEEDED, "Deadline expired before operation could complete.")
                : null;
    }
}
