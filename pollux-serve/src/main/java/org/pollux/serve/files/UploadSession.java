package org.pollux.serve.files;

import java.time.Instant;

/**
 * A resumable upload (API.md §1.6), persisted so that a restart keeps it; its bytes so far are in
 * {@link BlobStore#partial}.
 *
 * @param uploadId the capability in the upload URL
 * @param fileId the id the file will get
 * @param displayName from the start request's metadata, or null
 * @param mimeType the media type the file will get
 * @param declaredSize {@code X-Goog-Upload-Header-Content-Length} (or the metadata's sizeBytes), -1 when unknown
 * @param received bytes stored so far, the offset the next chunk must start at
 * @param finished whether the upload was finalized (the file {@code fileId} exists); kept so a
 *     repeated finalize or a query after a lost reply gets the file again
 * @param createTime when the upload started
 * @param expireTime when an unfinished upload is dropped
 */
public record UploadSession(
        String uploadId,
        String fileId,
        String displayName,
        String mimeType,
        long declaredSize,
        long received,
        boolean finished,
        Instant createTime,
        Instant expireTime) {

    public boolean expiredAt(Instant now) {
        return !expireTime.isAfter(now);
    }
}
