package org.pollux.serve.files;

import java.time.Instant;

/**
 * One file's metadata, as the database holds it.
 *
 * @param id the id, the part of {@code files/<id>} after the slash
 * @param displayName the client's name for it, or null
 * @param mimeType the media type its bytes were uploaded with
 * @param sizeBytes length of the bytes
 * @param sha256 SHA-256 of the bytes, standard base64 (the API's {@code sha256Hash})
 * @param state ACTIVE for usable files
 * @param createTime when the upload finished
 * @param updateTime the last change of the metadata
 * @param expirationTime when the file is deleted (it is 404 from then on)
 */
public record StoredFile(
        String id,
        String displayName,
        String mimeType,
        long sizeBytes,
        String sha256,
        FileState state,
        Instant createTime,
        Instant updateTime,
        Instant expirationTime) {

    public boolean expiredAt(Instant now) {
        return !expirationTime.isAfter(now);
    }

    public StoredFile withState(FileState s, Instant now) {
        return new StoredFile(id, displayName, mimeType, sizeBytes, sha256, s, createTime, now, expirationTime);
    }
}
