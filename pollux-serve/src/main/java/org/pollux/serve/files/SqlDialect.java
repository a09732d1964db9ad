package org.pollux.serve.files;

import java.nio.file.Path;
import java.util.List;

/**
 * What differs between the two databases the metadata store runs on. The SQL itself is the common
 * subset ({@code CREATE TABLE/INDEX IF NOT EXISTS}, {@code BIGINT}, {@code BOOLEAN},
 * {@code INSERT … ON CONFLICT DO NOTHING/UPDATE}, which SQLite has had since 3.24), so only the
 * connection setup differs.
 */
enum SqlDialect {
    /** An embedded file, one writer at a time: WAL so readers never block, FULL sync so a commit survives power loss. */
    SQLITE(List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=10000")),
    POSTGRESQL(List.of());

    private final List<String> sessionSetup;

    SqlDialect(List<String> sessionSetup) {
        this.sessionSetup = sessionSetup;
    }

    /** Statements run on every new connection. */
    List<String> sessionSetup() {
        return sessionSetup;
    }

    /** The dialect of a JDBC URL; only the two supported ones are accepted. */
    static SqlDialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL \"" + redact(jdbcUrl)
                + "\": use jdbc:postgresql://… or jdbc:sqlite:…, or none for SQLite in the data directory");
    }

    /** The default database: {@code <dataDir>/files.db}. */
    static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** The URL without its query (which may hold a password), for messages. */
    static String redact(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?…";
    }
}
