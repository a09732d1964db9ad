package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileMetadataStore} must do, run against each database (SQLite and
 * PostgreSQL subclasses). Each test gets an empty database from {@link #freshDatabaseUrl}.
 */
abstract class FileMetadataStoreContract {
    static final Instant T = Instant.parse("2026-03-04T05:06:07.123456Z");

    String url;
    JdbcFileMetadataStore store;

    /** The JDBC URL of a new, empty database. */
    abstract String freshDatabaseUrl() throws Exception;

    @BeforeEach
    void open() throws Exception {
        url = freshDatabaseUrl();
        store = new JdbcFileMetadataStore(url);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static StoredFile file(String id, Instant created, Duration ttl) {
        return new StoredFile(id, "name of " + id, "text/plain", id.length(), "sha-" + id, FileState.ACTIVE, created,
                created, created.plus(ttl));
    }

    static UploadSession upload(String uploadId, String fileId, long received, boolean finished, Instant expires) {
        return new UploadSession(uploadId, fileId, null, "application/pdf", 100, received, finished, T, expires);
    }

    @Test
    void filesRoundTripWithMicrosecondTimesAndNulls() {
        StoredFile f = new StoredFile("abc", null, "image/png", 5_000_000_000L, "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=",
                FileState.PROCESSING, T, T.plusNanos(1000), T.plus(Duration.ofHours(48)));
        assertThat(store.insertFile(f)).isTrue();
        assertThat(store.findFile("abc")).contains(f);
        assertThat(store.findFile("abd")).isEmpty();
        assertThat(store.insertFile(file("abc", T, Duration.ofHours(1)))).as("ids are unique").isFalse();
        assertThat(store.findFile("abc")).contains(f);
        assertThat(store.setFileState("abc", FileState.ACTIVE, T.plusSeconds(1))).isTrue();
        assertThat(store.findFile("abc").orElseThrow()).isEqualTo(f.withState(FileState.ACTIVE, T.plusSeconds(1)));
        assertThat(store.setFileState("zzz", FileState.ACTIVE, T)).isFalse();
        assertThat(store.deleteFile("abc")).isTrue();
        assertThat(store.deleteFile("abc")).isFalse();
        assertThat(store.findFile("abc")).isEmpty();
    }

    @Test
    void listingIsNewestFirstAndSkipsExpiredFiles() {
        store.insertFile(file("old", T, Duration.ofHours(1)));
        store.insertFile(file("mid-b", T.plusSeconds(10), Duration.ofHours(1)));
        store.insertFile(file("mid-a", T.plusSeconds(10), Duration.ofHours(1)));
        store.insertFile(file("new", T.plusSeconds(20), Duration.ofHours(1)));
        assertThat(store.listFiles(T.plusSeconds(30))).extracting(StoredFile::id)
                .containsExactly("new", "mid-a", "mid-b", "old");
        Instant later = T.plus(Duration.ofHours(1)).plusSeconds(5);
        assertThat(store.listFiles(later)).extracting(StoredFile::id).containsExactly("new", "mid-a", "mid-b");
        assertThat(store.expiredFileIds(later)).containsExactly("old");
        assertThat(store.expiredFileIds(T.plus(Duration.ofHours(1)))).as("expiry is inclusive").containsExactly("old");
        assertThat(store.allFiles()).hasSize(4);
        assertThat(store.storedBytes()).isEqualTo(3 + 5 + 5 + 3);
    }

    @Test
    void uploadsAdvanceOnlyFromWhereTheyAre() {
        UploadSession u = upload("upload-aaaaaaaaaaaa", "f1", 0, false, T.plusSeconds(60));
        store.insertUpload(u);
        assertThat(store.findUpload("upload-aaaaaaaaaaaa")).contains(u);
        assertThat(store.advanceUpload("upload-aaaaaaaaaaaa", 0, 40)).isTrue();
        assertThat(store.advanceUpload("upload-aaaaaaaaaaaa", 0, 80)).as("stale offset").isFalse();
        assertThat(store.findUpload("upload-aaaaaaaaaaaa").orElseThrow().received()).isEqualTo(40);
        store.insertUpload(upload("upload-bbbbbbbbbbbb", "f2", 7, false, T.plusSeconds(5)));
        store.insertUpload(upload("upload-cccccccccccc", "f3", 1000, true, T.plusSeconds(5)));
        assertThat(store.pendingBytes()).as("finished uploads hold no bytes").isEqualTo(47);
        assertThat(store.advanceUpload("upload-cccccccccccc", 1000, 2000)).as("finished").isFalse();
        assertThat(store.expiredUploadIds(T.plusSeconds(10)))
                .containsExactly("upload-bbbbbbbbbbbb", "upload-cccccccccccc");
        assertThat(store.deleteUpload("upload-bbbbbbbbbbbb")).isTrue();
        assertThat(store.deleteUpload("upload-bbbbbbbbbbbb")).isFalse();
        assertThat(store.allUploads()).extracting(UploadSession::uploadId)
                .containsExactly("upload-aaaaaaaaaaaa", "upload-cccccccccccc");
    }

    @Test
    void finishingAnUploadIsOneTransaction() {
        store.insertUpload(upload("upload-aaaaaaaaaaaa", "f1", 100, false, T.plusSeconds(60)));
        store.insertFile(file("f1", T, Duration.ofHours(1)).withState(FileState.PROCESSING, T));
        store.finishUpload("upload-aaaaaaaaaaaa", "f1", T.plusSeconds(1));
        assertThat(store.findFile("f1").orElseThrow().state()).isEqualTo(FileState.ACTIVE);
        assertThat(store.findUpload("upload-aaaaaaaaaaaa").orElseThrow().finished()).isTrue();

        // The file row is there but the session is not: the file's state change is rolled back.
        store.insertFile(file("f2", T, Duration.ofHours(1)).withState(FileState.PROCESSING, T));
        assertThatThrownBy(() -> store.finishUpload("upload-missing-xxxx", "f2", T))
                .isInstanceOf(MetadataStoreException.class).hasMessageContaining("vanished");
        assertThat(store.findFile("f2").orElseThrow().state()).isEqualTo(FileState.PROCESSING);
        // And the store still works after the failed transaction.
        assertThat(store.insertFile(file("f3", T, Duration.ofHours(1)))).isTrue();
    }

    @Test
    void migrationIsRecordedAndRepeatable() throws Exception {
        store.insertFile(file("kept", T, Duration.ofHours(1)));
        store.close();
        store = new JdbcFileMetadataStore(url);
        assertThat(store.findFile("kept")).isPresent();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT version FROM pollux_schema WHERE component = 'files'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            st.executeUpdate("UPDATE pollux_schema SET version = 99 WHERE component = 'files'");
        }
        assertThatThrownBy(() -> new JdbcFileMetadataStore(url)).isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("schema version 99, newer than this server's 1");
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        assertThatThrownBy(() -> store.findFile("x")).isInstanceOf(IllegalStateException.class);
    }
}
