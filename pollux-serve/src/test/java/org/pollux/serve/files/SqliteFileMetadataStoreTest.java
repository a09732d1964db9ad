package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata store contract on SQLite, the default database. */
class SqliteFileMetadataStoreTest extends FileMetadataStoreContract {
    @TempDir
    Path dir;
    int n;

    @Override
    String freshDatabaseUrl() {
        return SqlDialect.sqliteUrl(dir.resolve("files-" + n++ + ".db"));
    }

    @Test
    void onlySqliteAndPostgresqlUrlsAreAccepted() {
        assertThatThrownBy(() -> new JdbcFileMetadataStore("jdbc:mysql://h/db?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported database URL \"jdbc:mysql://h/db?…\"")
                .hasMessageNotContaining("secret");
    }
}
