package org.pollux.serve.files;

import java.time.Clock;
import java.time.Duration;

/**
 * Limits and timing of the Files API.
 *
 * @param maxFileBytes largest file (Google's limit is 2 GiB); larger uploads are a 400 naming it
 * @param quotaBytes most bytes all files and unfinished uploads may take together; 0 for no quota
 * @param fileTtl how long a file lives (48 h, as on the real service)
 * @param uploadTtl how long an unfinished resumable upload is kept
 * @param sweepInterval how often expired files and uploads are deleted (they are 404 at once regardless)
 * @param clock the time source (tests move it)
 */
public record FilesSettings(
        long maxFileBytes,
        long quotaBytes,
        Duration fileTtl,
        Duration uploadTtl,
        Duration sweepInterval,
        Clock clock) {

    public static final long TWO_GIB = 2L << 30;

    public FilesSettings {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
        if (quotaBytes < 0) {
            throw new IllegalArgumentException("quotaBytes must be 0 (none) or positive, got " + quotaBytes);
        }
        for (Duration d : new Duration[] {fileTtl, uploadTtl, sweepInterval}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, got " + d);
            }
        }
    }

    /** 2 GiB per file, no quota, files kept 48 h, uploads 48 h, swept every minute, system clock. */
    public static FilesSettings defaults() {
        return new FilesSettings(TWO_GIB, 0, Duration.ofHours(48), Duration.ofHours(48), Duration.ofMinutes(1),
                Clock.systemUTC());
    }

    public FilesSettings withMaxFileBytes(long max) {
        return new FilesSettings(max, quotaBytes, fileTtl, uploadTtl, sweepInterval, clock);
    }

    public FilesSettings withQuotaBytes(long quota) {
        return new FilesSettings(maxFileBytes, quota, fileTtl, uploadTtl, sweepInterval, clock);
    }

    public FilesSettings withClock(Clock c) {
        return new FilesSettings(maxFileBytes, quotaBytes, fileTtl, uploadTtl, sweepInterval, c);
    }
}
