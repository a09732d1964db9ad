package org.pollux.serve.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pollux.serve.api.ApiException;

/**
 * A streaming reader of a {@code multipart/related} body (RFC 2046 §5.1): parts are read one
 * after another and each part's content is an {@link InputStream} that ends at the next
 * delimiter, so a large media part goes to disk without being held in memory.
 *
 * <p>Delimiters are {@code CRLF--boundary}; the first may start the body without the CRLF. After a
 * delimiter come optional spaces or tabs and CRLF (another part) or {@code --} (the end; the
 * epilogue is not read). Part headers are CRLF-terminated lines, at most {@value #MAX_HEADER_BYTES}
 * bytes in all. Whatever breaks these rules is an {@link ApiException} 400 that says what and
 * where; the reader never reads past the closing delimiter and never needs more memory than its
 * buffer.
 */
final class MultipartReader {
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Bytes of preamble skipped before the first delimiter must appear. */
    static final int MAX_PREAMBLE = 64 * 1024;
    private static final int MAX_BOUNDARY = 70;

    private final InputStream in;
    /** {@code CRLF--boundary}. */
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    /** Bytes consumed before {@code buf[0]}, for error positions. */
    private long consumed;
    /** Positions below this in {@code buf} are known not to start a delimiter. */
    private int clearUntil;
    private PartStream current;
    private boolean done;
    private int partCount;

    /** A part: its headers (names in lower case) and its content, readable until the next delimiter. */
    record Part(Map<String, String> headers, InputStream body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    MultipartReader(InputStream in, String boundary) {
        this(in, boundary, 64 * 1024);
    }

    MultipartReader(InputStream in, String boundary, int bufferSize) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(bufferSize, delimiter.length * 2 + 4)];
        // The body's first delimiter may lack the CRLF that belongs to every other one: supply it.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
        consumed = -2;
    }

    /**
     * The {@code boundary} parameter of a {@code multipart/related} Content-Type, unquoted and
     * checked against RFC 2046's alphabet (1 to 70 characters, not ending in a space).
     */
    static String boundaryOf(String contentType) {
        if (!MediaTypes.isMultipartRelated(contentType)) {
            throw ApiException.invalid("A multipart upload needs Content-Type: multipart/related; boundary=…, got \""
                    + (contentType == null ? "" : MediaTypes.shorten(contentType)) + "\".");
        }
        String boundary = null;
        for (String param : splitParams(contentType)) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("boundary")) {
                String v = param.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                boundary = v;
            }
        }
        if (boundary == null || boundary.isEmpty()) {
            throw ApiException.invalid("The multipart/related Content-Type has no boundary parameter.");
        }
        if (boundary.length() > MAX_BOUNDARY || boundary.endsWith(" ") || !boundaryChars(boundary)) {
            throw ApiException.invalid("Invalid multipart boundary \"" + MediaTypes.shorten(boundary) + "\": RFC 2046 "
                    + "allows 1 to 70 letters, digits and '()+_,-./:=? (spaces inside), not ending in a space.");
        }
        return boundary;
    }

    /** Splits {@code type; a=b; c="d;e"} at semicolons outside quotes; the type comes first. */
    private static java.util.List<String> splitParams(String contentType) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : contentType.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out.subList(1, out.size());
    }

    private static boolean boundaryChars(String b) {
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Moves to the next part, skipping what is left of the current one; null after the closing
     * delimiter.
     */
    Part next() throws IOException {
        if (done) {
            return null;
        }
        if (current == null) {
            skipPreamble();
        } else {
            current.skipRest();
        }
        if (afterDelimiter()) {
            done = true;
            return null;
        }
        partCount++;
        Map<String, String> headers = readHeaders();
        current = new PartStream();
        return new Part(headers, current);
    }

    /** Checks that the body is complete: after the parts read so far comes the closing delimiter. */
    void expectEnd() throws IOException {
        if (next() != null) {
            throw bad("more than " + (partCount - 1) + " parts (expected the closing boundary)");
        }
    }

    private void skipPreamble() throws IOException {
        PartStream preamble = new PartStream();
        byte[] skip = new byte[4096];
        long total = 0;
        for (int n; (n = preamble.read(skip)) >= 0; ) {
            total += n;
            if (total > MAX_PREAMBLE) {
                throw bad("no boundary line in the first " + MAX_PREAMBLE + " bytes");
            }
        }
    }

    /** After a delimiter: true for the closing {@code --}, false for padding + CRLF before a part. */
    private boolean afterDelimiter() throws IOException {
        require(2);
        if (limit - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            return true;
        }
        while (true) {
            require(2);
            if (limit - pos < 2) {
                throw badAtEnd("the body ended inside a boundary line");
            }
            byte b = buf[pos];
            if (b == ' ' || b == '\t') {
                pos++;
            } else if (b == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return false;
            } else {
                throw bad("unexpected bytes after a boundary (expected CRLF or \"--\")");
            }
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        String last = null;
        while (true) {
            long lineStart = consumed + pos;
            String line = readLine(MAX_HEADER_BYTES - total);
            total += line.length() + 2;
            if (line.isEmpty()) {
                return headers;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                headers.merge(last, " " + line.strip(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw bad(lineStart, "malformed part header line \"" + MediaTypes.shorten(line)
                        + "\" (expected Name: value)");
            }
            last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.put(last, line.substring(colon + 1).strip());
        }
    }

    /** One CRLF-terminated header line of at most {@code max} bytes, without the CRLF. */
    private String readLine(int max) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            require(2);
            if (limit - pos < 2) {
                throw badAtEnd("the body ended inside the headers of part " + partCount);
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return b.toString();
            }
            if (b.length() + 2 >= max) {
                throw bad("the headers of part " + partCount + " are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            b.append((char) (buf[pos++] & 0xff));
        }
    }

    /** Makes at least {@code n} bytes available from {@code pos}, unless the input ends first. */
    private void require(int n) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumed += pos;
            clearUntil = Math.max(0, clearUntil - pos);
            limit -= pos;
            pos = 0;
        }
        while (!eof && limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
    }

    /** An error at the current position. */
    private ApiException bad(String what) {
        return bad(consumed + pos, what);
    }

    /** An error found at the end of the input: the position is the body's length. */
    private ApiException badAtEnd(String what) {
        return bad(consumed + limit, what);
    }

    private static ApiException bad(long at, String what) {
        return ApiException.invalid("Malformed multipart/related body at byte " + Math.max(0, at) + ": " + what + ".");
    }

    /** A part's content: the bytes up to the next delimiter, which it consumes. */
    private final class PartStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int available = available(len);
            if (available < 0) {
                ended = true;
                return -1;
            }
            System.arraycopy(buf, pos, b, off, available);
            pos += available;
            return available;
        }

        /** Bytes of content ready at {@code pos} (≤ want), or -1 when {@code pos} is at the delimiter (consumed). */
        private int available(int want) throws IOException {
            if (clearUntil > pos) {
                return Math.min(want, clearUntil - pos);
            }
            require(delimiter.length);
            int at = indexOfDelimiter();
            if (at == pos) {
                pos += delimiter.length;
                clearUntil = pos;
                return -1;
            }
            if (at > pos) {
                clearUntil = at;
            } else if (eof) {
                throw badAtEnd("the body ended before the closing boundary");
            } else {
                // No delimiter starts before limit - delimiter.length + 1 (one may begin in the tail).
                clearUntil = limit - delimiter.length + 1;
            }
            return Math.min(want, clearUntil - pos);
        }

        private int indexOfDelimiter() {
            int last = limit - delimiter.length;
            outer:
            for (int i = pos; i <= last; i++) {
                if (buf[i] != '\r') {
                    continue;
                }
                for (int j = 1; j < delimiter.length; j++) {
                    if (buf[i + j] != delimiter[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        void skipRest() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // discard
            }
        }

        @Override
        public void close() {
            // The reader owns the underlying stream; closing a part does not skip it.
        }
    }
}
