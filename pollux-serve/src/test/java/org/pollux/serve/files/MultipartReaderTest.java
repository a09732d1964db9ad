package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiException;

/** The multipart/related reader on hand-written bodies (the fuzz properties are in {@link MultipartReaderFuzzTest}). */
class MultipartReaderTest {
    /** One parsed part: headers and content. */
    record Parsed(Map<String, String> headers, byte[] body) {}

    static List<Parsed> parseAll(InputStream in, String boundary, int bufferSize) throws IOException {
        MultipartReader r = new MultipartReader(in, boundary, bufferSize);
        List<Parsed> out = new ArrayList<>();
        for (MultipartReader.Part p; (p = r.next()) != null; ) {
            out.add(new Parsed(p.headers(), p.body().readAllBytes()));
        }
        return out;
    }

    static List<Parsed> parse(String body, String boundary) throws IOException {
        return parseAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), boundary, 64);
    }

    /** A stream that hands out one byte per read, the worst case for buffer refills. */
    static InputStream trickle(byte[] b) {
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] buf, int off, int len) {
                return super.read(buf, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void readsPartsWithPreambleEpilogueAndPadding() throws Exception {
        String body = "preamble\r\n--b \t\r\nContent-Type: application/json\r\nX-Folded: a\r\n  b\r\n\r\n{}"
                + "\r\n--b\r\n\r\n\r\n--b--  epilogue \r\n--b\r\nignored";
        List<Parsed> parts = parse(body, "b");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).headers()).containsEntry("content-type", "application/json").containsEntry("x-folded", "a b");
        assertThat(new String(parts.get(0).body())).isEqualTo("{}");
        assertThat(parts.get(1).headers()).isEmpty();
        assertThat(parts.get(1).body()).isEmpty();
    }

    @Test
    void aPartMayBeSkippedUnreadAndBytesArriveOneAtATime() throws Exception {
        byte[] body = ("--xx\r\nA: 1\r\n\r\n" + "p".repeat(1000) + "\r\n--xx\r\nB: 2\r\n\r\nsecond\r\n--xx--")
                .getBytes(StandardCharsets.US_ASCII);
        MultipartReader r = new MultipartReader(trickle(body), "xx", 16);
        assertThat(r.next().header("A")).isEqualTo("1");
        MultipartReader.Part second = r.next();
        assertThat(second.header("b")).isEqualTo("2");
        assertThat(new String(second.body().readAllBytes())).isEqualTo("second");
        r.expectEnd();
    }

    @Test
    void boundariesFromContentTypes() {
        assertThat(MultipartReader.boundaryOf("multipart/related; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartReader.boundaryOf("Multipart/Related;charset=x;BOUNDARY=\"a b:c\"")).isEqualTo("a b:c");
        assertThat(MultipartReader.boundaryOf("multipart/related; boundary=" + "z".repeat(70))).hasSize(70);
        String[][] bad = {
            {"text/plain; boundary=a", "needs Content-Type: multipart/related"},
            {"multipart/related", "no boundary parameter"},
            {"multipart/related; boundary=\"\"", "no boundary parameter"},
            {"multipart/related; boundary=" + "z".repeat(71), "Invalid multipart boundary"},
            {"multipart/related; boundary=\"ends \"", "Invalid multipart boundary"},
            {"multipart/related; boundary=a\u00e9", "Invalid multipart boundary \"a\\xe9\""},
            {"multipart/related; boundary=\"a;b\"", "Invalid multipart boundary \"a;b\""},
        };
        for (String[] c : bad) {
            assertThatThrownBy(() -> MultipartReader.boundaryOf(c[0])).as(c[0]).isInstanceOf(ApiException.class)
                    .hasMessageContaining(c[1]);
        }
        assertThatThrownBy(() -> MultipartReader.boundaryOf(null)).isInstanceOf(ApiException.class);
    }

    @Test
    void malformedBodiesNameTheProblemAndItsPosition() {
        String[][] cases = {
            {"--b\r\nA: 1\r\n\r\ncontent", "at byte 20: the body ended before the closing boundary"},
            {"--b\r\nno colon\r\n\r\nx\r\n--b--", "at byte 5: malformed part header line \"no colon\""},
            {"--b\r\nbell\u0007\n\r\n\r\nx\r\n--b--", "malformed part header line \"bell\\x07\\x0a\""},
            {"--bX\r\n\r\nx\r\n--b--", "at byte 3: unexpected bytes after a boundary"},
            {"--b\r\nA: 1", "the body ended inside the headers of part 1"},
            {"--b", "the body ended inside a boundary line"},
            {"--b\r\n" + "H: " + "v".repeat(MultipartReader.MAX_HEADER_BYTES) + "\r\n\r\n\r\n--b--", "longer than 16384 bytes"},
            {"x".repeat(MultipartReader.MAX_PREAMBLE + 10) + "\r\n--b--", "no boundary line in the first 65536 bytes"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0], "b")).as(c[1]).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.getMessage()).startsWith("Malformed multipart/related body").contains(c[1]));
        }
    }
}
