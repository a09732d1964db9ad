package org.pollux.serve.caches;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.pollux.serve.api.Durations;
import org.pollux.serve.generate.prompt.Invalid;

/** A cached content's expire time from {@code ttl} ({@code "300s"}) or {@code expireTime} (RFC 3339), never both. */
final class Expiry {
    /** Used when a create request gives neither (the real service's default). */
    static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private Expiry() {}

    /** The expire time the fields ask for, or null when neither is set. */
    static Instant of(String ttl, String expireTime, Instant now, String path) {
        if (ttl != null && expireTime != null) {
            throw Invalid.at(path, "set ttl or expireTime, not both.");
        }
        Instant at;
        if (ttl != null) {
            at = now.plus(Durations.parse(path + ".ttl", ttl));
        } else if (expireTime != null) {
            try {
                at = OffsetDateTime.parse(expireTime).toInstant();
            } catch (DateTimeParseException e) {
                throw Invalid.at(path + ".expireTime", "Invalid timestamp \"" + expireTime
                        + "\"; expected RFC 3339 such as 2025-01-01T00:00:00Z.");
            }
        } else {
            return null;
        }
        if (!at.isAfter(now)) {
            throw Invalid.at(path + (ttl != null ? ".ttl" : ".expireTime"), "the expire time " + at
                    + " is not in the future.");
        }
        return at;
    }
}
