/**
 * The Files API (API.md §1.2, §1.6): uploads by the resumable, multipart and raw protocols,
 * files.get/list/delete/download, expiry, and {@link org.pollux.serve.files.StoredFiles} for
 * generateContent's {@code fileData} parts.
 *
 * <p>Metadata lives in a JDBC database ({@link org.pollux.serve.files.FileMetadataStore}: SQLite by
 * default, PostgreSQL on request); bytes live on disk under {@code <dataDir>/files/}, named by file
 * id only ({@link org.pollux.serve.files.BlobStore}). {@code docs/files.md} describes the layout.
 */
package org.pollux.serve.files;
