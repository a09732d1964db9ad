package org.pollux.serve.files;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link FileMetadataStore} over plain JDBC, for SQLite and PostgreSQL ({@link SqlDialect}).
 *
 * <p>One connection, used by one request at a time: metadata operations are a few small
 * statements each, SQLite allows one writer anyway, and it keeps PostgreSQL use to a single
 * session. A connection that turns out broken is dropped and the next operation reconnects.
 * Times are stored as microseconds since the epoch ({@code BIGINT}), the API's precision.
 *
 * <p>The schema is versioned in {@code pollux_schema} (one row per component, here {@code files});
 * {@link #migrate} applies the steps a database has not seen yet, in one transaction.
 */
public final class JdbcFileMetadataStore implements FileMetadataStore {
    private static final String COMPONENT = "files";

    /** Schema steps; step i brings the schema to version i + 1. Never edit a shipped step, add one. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE IF NOT EXISTS files (
              id VARCHAR(40) PRIMARY KEY,
              display_name TEXT,
              mime_type TEXT NOT NULL,
              size_bytes BIGINT NOT NULL,
              sha256 VARCHAR(64) NOT NULL,
              state VARCHAR(16) NOT NULL,
              create_time BIGINT NOT NULL,
              update_time BIGINT NOT NULL,
              expire_time BIGINT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS files_by_expiry ON files (expire_time)",
            "CREATE INDEX IF NOT EXISTS files_by_creation ON files (create_time)",
            """
            CREATE TABLE IF NOT EXISTS file_uploads (
              upload_id VARCHAR(64) PRIMARY KEY,
              file_id VARCHAR(40) NOT NULL,
              display_name TEXT,
              mime_type TEXT NOT NULL,
              declared_size BIGINT NOT NULL,
              received BIGINT NOT NULL,
              finished BOOLEAN NOT NULL,
              create_time BIGINT NOT NULL,
              expire_time BIGINT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS file_uploads_by_expiry ON file_uploads (expire_time)"));

    private static final String FILE_COLUMNS =
            "id, display_name, mime_type, size_bytes, sha256, state, create_time, update_time, expire_time";
    private static final String UPLOAD_COLUMNS =
            "upload_id, file_id, display_name, mime_type, declared_size, received, finished, create_time, expire_time";

    private final String url;
    private final SqlDialect dialect;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private boolean closed;

    /** Opens (and migrates) the database at {@code jdbcUrl}. */
    public JdbcFileMetadataStore(String jdbcUrl) {
        this.url = jdbcUrl;
        this.dialect = SqlDialect.of(jdbcUrl);
        run(this::migrate);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T run(Work<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the file metadata store is closed");
            }
            if (connection == null) {
                connection = connect();
            }
            try {
                return work.run(connection);
            } catch (SQLException e) {
                dropIfBroken();
                throw new MetadataStoreException("file metadata database (" + SqlDialect.redact(url) + "): "
                        + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    private Connection connect() {
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement st = c.createStatement()) {
                for (String sql : dialect.sessionSetup()) {
                    st.execute(sql);
                }
            }
            return c;
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot open the file metadata database " + SqlDialect.redact(url)
                    + ": " + e.getMessage(), e);
        }
    }

    private void dropIfBroken() {
        try {
            if (connection.isValid(2)) {
                return;
            }
        } catch (SQLException ignored) {
            // treated as broken below
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // it is being discarded
        }
        connection = null;
    }

    /** Runs {@code work} in a transaction, rolled back if it throws. */
    private static <T> T transaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private Void migrate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS pollux_schema (component VARCHAR(64) PRIMARY KEY, "
                    + "version INTEGER NOT NULL)");
        }
        int version = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM pollux_schema WHERE component = ?")) {
            ps.setString(1, COMPONENT);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    version = rs.getInt(1);
                }
            }
        }
        if (version > MIGRATIONS.size()) {
            throw new SQLException("the database has files schema version " + version + ", newer than this server's "
                    + MIGRATIONS.size() + "; use a newer server");
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            List<String> step = MIGRATIONS.get(v);
            int next = v + 1;
            transaction(c, t -> {
                try (Statement st = t.createStatement()) {
                    for (String sql : step) {
                        st.execute(sql);
                    }
                }
                try (PreparedStatement ps = t.prepareStatement("INSERT INTO pollux_schema (component, version) "
                        + "VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version")) {
                    ps.setString(1, COMPONENT);
                    ps.setInt(2, next);
                    ps.executeUpdate();
                }
                return null;
            });
        }
        return null;
    }

    // ---- files

    @Override
    public boolean insertFile(StoredFile f) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO files (" + FILE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, f.id());
                setNullable(ps, 2, f.displayName());
                ps.setString(3, f.mimeType());
                ps.setLong(4, f.sizeBytes());
                ps.setString(5, f.sha256());
                ps.setString(6, f.state().name());
                ps.setLong(7, micros(f.createTime()));
                ps.setLong(8, micros(f.updateTime()));
                ps.setLong(9, micros(f.expirationTime()));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<StoredFile> findFile(String id) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM files WHERE id = ?")) {
                ps.setString(1, id);
                List<StoredFile> found = files(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        });
    }

    @Override
    public List<StoredFile> listFiles(Instant now) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS
                    + " FROM files WHERE expire_time > ? ORDER BY create_time DESC, id")) {
                ps.setLong(1, micros(now));
                return files(ps);
            }
        });
    }

    @Override
    public List<StoredFile> allFiles() {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM files ORDER BY id")) {
                return files(ps);
            }
        });
    }

    @Override
    public boolean setFileState(String id, FileState state, Instant updateTime) {
        return run(c -> setState(c, id, state, updateTime));
    }

    private static boolean setState(Connection c, String id, FileState state, Instant updateTime) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE files SET state = ?, update_time = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setLong(2, micros(updateTime));
            ps.setString(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public boolean deleteFile(String id) {
        return run(c -> update(c, "DELETE FROM files WHERE id = ?", id) == 1);
    }

    @Override
    public List<String> expiredFileIds(Instant now) {
        return run(c -> ids(c, "SELECT id FROM files WHERE expire_time <= ? ORDER BY id", now));
    }

    @Override
    public long storedBytes() {
        return run(c -> sum(c, "SELECT COALESCE(SUM(size_bytes), 0) FROM files"));
    }

    private static List<StoredFile> files(PreparedStatement ps) throws SQLException {
        List<StoredFile> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), FileState.valueOf(rs.getString(6)), instant(rs.getLong(7)),
                        instant(rs.getLong(8)), instant(rs.getLong(9))));
            }
        }
        return out;
    }

    // ---- upload sessions

    @Override
    public void insertUpload(UploadSession s) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_uploads (" + UPLOAD_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.uploadId());
                ps.setString(2, s.fileId());
                setNullable(ps, 3, s.displayName());
                ps.setString(4, s.mimeType());
                ps.setLong(5, s.declaredSize());
                ps.setLong(6, s.received());
                ps.setBoolean(7, s.finished());
                ps.setLong(8, micros(s.createTime()));
                ps.setLong(9, micros(s.expireTime()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<UploadSession> findUpload(String uploadId) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + UPLOAD_COLUMNS
                    + " FROM file_uploads WHERE upload_id = ?")) {
                ps.setString(1, uploadId);
                List<UploadSession> found = uploads(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        });
    }

    @Override
    public boolean advanceUpload(String uploadId, long from, long to) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_uploads SET received = ? "
                    + "WHERE upload_id = ? AND received = ? AND finished = ?")) {
                ps.setLong(1, to);
                ps.setString(2, uploadId);
                ps.setLong(3, from);
                ps.setBoolean(4, false);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void finishUpload(String uploadId, String fileId, Instant now) {
        run(c -> transaction(c, t -> {
            if (!setState(t, fileId, FileState.ACTIVE, now)) {
                throw new SQLException("file " + fileId + " vanished while its upload was finalized");
            }
            try (PreparedStatement ps = t.prepareStatement("UPDATE file_uploads SET finished = ? WHERE upload_id = ?")) {
                ps.setBoolean(1, true);
                ps.setString(2, uploadId);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("upload " + uploadId + " vanished while it was finalized");
                }
            }
            return null;
        }));
    }

    @Override
    public boolean deleteUpload(String uploadId) {
        return run(c -> update(c, "DELETE FROM file_uploads WHERE upload_id = ?", uploadId) == 1);
    }

    @Override
    public List<String> expiredUploadIds(Instant now) {
        return run(c -> ids(c, "SELECT upload_id FROM file_uploads WHERE expire_time <= ? ORDER BY upload_id", now));
    }

    @Override
    public List<UploadSession> allUploads() {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + UPLOAD_COLUMNS
                    + " FROM file_uploads ORDER BY upload_id")) {
                return uploads(ps);
            }
        });
    }

    @Override
    public long pendingBytes() {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(received), 0) FROM file_uploads WHERE finished = ?")) {
                ps.setBoolean(1, false);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static List<UploadSession> uploads(PreparedStatement ps) throws SQLException {
        List<UploadSession> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new UploadSession(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6), rs.getBoolean(7), instant(rs.getLong(8)),
                        instant(rs.getLong(9))));
            }
        }
        return out;
    }

    // ---- helpers

    private static int update(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            return ps.executeUpdate();
        }
    }

    private static List<String> ids(Connection c, String sql, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, micros(now));
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static long sum(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        } catch (SQLException e) {
            throw new MetadataStoreException("closing the file metadata database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
