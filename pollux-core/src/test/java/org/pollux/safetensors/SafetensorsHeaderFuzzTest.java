package org.pollux.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the JSON header: random edits of a valid header (characters replaced, inserted or
 * deleted, favouring JSON punctuation and digits) must give a valid file or a
 * {@link SafetensorsException}, never another exception.
 */
class SafetensorsHeaderFuzzTest {
    private static final String VALID = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[16,24]}}";
    private static final int DATA_BYTES = 24;
    private static Path dir;

    record Edit(int position, char c, int kind) {}

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("st-fuzz");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.of('{', '}', '[', ']', ',', ':', '"', '-', '0', '9', ' ', 'e', '.'),
                Arbitraries.chars());
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, VALID.length() - 1), chars,
                Arbitraries.integers().between(0, 2)).as(Edit::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 300, seed = "20261122")
    void editedHeadersFailOnlyWithSafetensorsException(@ForAll("edits") List<Edit> edits) throws IOException {
        StringBuilder json = new StringBuilder(VALID);
        for (Edit e : edits) {
            int at = Math.min(e.position(), json.length() - 1);
            switch (e.kind()) {
                case 0 -> json.setCharAt(at, e.c());
                case 1 -> json.insert(at, e.c());
                default -> json.deleteCharAt(at);
            }
            if (json.isEmpty()) {
                json.append(' ');
            }
        }
        byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
        MemorySegment seg = MemorySegment.ofArray(new byte[8 + h.length + DATA_BYTES]);
        seg.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, h.length);
        MemorySegment.copy(MemorySegment.ofArray(h), 0, seg, 8, h.length);
        Path p = dir.resolve("fuzz.safetensors");
        Files.write(p, seg.toArray(ValueLayout.JAVA_BYTE));
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            for (String name : f.tensorInfos().keySet()) {
                f.bytes(name);
                if (f.info(name).dtype().dtype() != null) {
                    f.tensor(name);
                }
            }
        } catch (SafetensorsException expected) {
            // the other acceptable outcome
        }
    }
}
