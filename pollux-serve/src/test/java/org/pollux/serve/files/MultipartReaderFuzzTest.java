package org.pollux.serve.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiStatus;

/**
 * Fuzzing the multipart/related reader: encoded random parts read back exactly whatever the read
 * sizes and buffer size; mutated bodies either parse or fail with a precise 400, never another
 * exception, never a hang.
 */
class MultipartReaderFuzzTest {
    private static final String BCHARS = "abcXYZ019'()+_,-./:=? ";

    /** A part to encode: header lines (safe ASCII) and content. */
    record Part(List<String> headers, byte[] content) {}

    @Provide
    Arbitrary<String> boundaries() {
        return Arbitraries.strings().withChars(BCHARS.toCharArray()).ofMinLength(1).ofMaxLength(70)
                .filter(b -> !b.endsWith(" "));
    }

    /**
     * Contents built from fragments that look like delimiters (CR, LF, dashes, boundary-ish text)
     * mixed with random bytes, so near-misses are common.
     */
    @Provide
    Arbitrary<byte[]> contents() {
        Arbitrary<byte[]> fragment = Arbitraries.oneOf(
                Arbitraries.of("\r\n", "--", "\r\n--", "\r", "\n", "-", "abc", "XYZ", " ", "\r\n--abc", "--abc--")
                        .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
        return fragment.list().ofMaxSize(40).map(list -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            list.forEach(b::writeBytes);
            return b.toByteArray();
        });
    }

    @Provide
    Arbitrary<List<Part>> partLists() {
        Arbitrary<String> header = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .flatMap(name -> Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)
                        .map(v -> name + ": " + v.strip()));
        Arbitrary<Part> part = Combinators.combine(header.list().ofMaxSize(3), contents()).as(Part::new);
        return part.list().ofMinSize(1).ofMaxSize(4);
    }

    static byte[] encode(String boundary, List<Part> parts, String preamble, String epilogue) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(preamble.getBytes(StandardCharsets.ISO_8859_1));
        for (Part p : parts) {
            b.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String h : p.headers()) {
                b.writeBytes((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(p.content());
            b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        b.writeBytes(("--" + boundary + "--" + epilogue).getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Hands out reads of random sizes (1 to 97 bytes), as a network would. */
    static InputStream choppy(byte[] data, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] buf, int off, int len) {
                return super.read(buf, off, Math.min(len, 1 + r.nextInt(97)));
            }
        };
    }

    @Property(tries = 400, seed = "20261122")
    void encodedPartsReadBackExactly(@ForAll("boundaries") String boundary, @ForAll("partLists") List<Part> parts,
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int bufferSize) throws Exception {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // RFC 2046: a part must not contain its delimiter (clients pick a boundary that makes it so).
        Assume.that(parts.stream().noneMatch(p -> contains(p.content(), delimiter)
                || contains(("\r\n" + new String(p.content(), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1),
                delimiter)));
        byte[] body = encode(boundary, parts, "preamble\r\n", "\r\nepilogue");
        List<MultipartReaderTest.Parsed> read = MultipartReaderTest.parseAll(choppy(body, seed), boundary, bufferSize);
        assertThat(read).hasSize(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            assertThat(read.get(i).body()).as("part %d", i).isEqualTo(parts.get(i).content());
            Map<String, String> h = read.get(i).headers();
            for (String line : parts.get(i).headers()) {
                String name = line.substring(0, line.indexOf(':'));
                assertThat(h).containsKey(name);
            }
        }
    }

    @Property(tries = 600, seed = "20261122")
    void mutatedBodiesParseOrFailWithAPrecise400(@ForAll("boundaries") String boundary,
            @ForAll("partLists") List<Part> parts, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] body = mutate(encode(boundary, parts, "", ""), r, boundary);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                MultipartReader reader = new MultipartReader(choppy(body, seed), boundary, 1 + r.nextInt(200));
                for (MultipartReader.Part p; (p = reader.next()) != null; ) {
                    if (r.nextBoolean()) {
                        p.body().readAllBytes();
                    }
                }
            } catch (ApiException e) {
                assertThat(e.status()).isEqualTo(ApiStatus.INVALID_ARGUMENT);
                assertThat(e.getMessage()).matches("Malformed multipart/related body at byte \\d+: .+\\.");
            }
        });
    }

    /** One to three random edits: truncation, byte flips, insertions of random or delimiter-like bytes, deletions. */
    static byte[] mutate(byte[] body, SplittableRandom r, String boundary) {
        byte[] b = body;
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> b = Arrays.copyOf(b, at);
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> b = splice(b, at, 0, randomBytes(r, 1 + r.nextInt(20)));
                case 3 -> b = splice(b, at, 0, ("\r\n--" + boundary + (r.nextBoolean() ? "--" : "\r\n"))
                        .getBytes(StandardCharsets.ISO_8859_1));
                default -> b = splice(b, at, Math.min(b.length - at, 1 + r.nextInt(10)), new byte[0]);
            }
        }
        return b;
    }

    private static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] x = new byte[n];
        r.nextBytes(x);
        return x;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    @Property(tries = 300, seed = "20261122")
    void contentTypesGiveABoundaryOrAPrecise400(@ForAll("contentTypes") String contentType) {
        try {
            String b = MultipartReader.boundaryOf(contentType);
            assertThat(b).isNotEmpty().hasSizeLessThanOrEqualTo(70).doesNotEndWith(" ");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(ApiStatus.INVALID_ARGUMENT);
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.strings().withChars("multipart/related; boundary=\"ab c\u00e9;=\t".toCharArray())
                .ofMaxLength(60).map(s -> "multipart/related" + s);
    }
}
