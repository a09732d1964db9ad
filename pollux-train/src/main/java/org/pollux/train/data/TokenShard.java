package org.pollux.train.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.pollux.gguf.AtomicFileWriter;
import org.pollux.tokenizer.Tokenizer;

/**
 * The token ids of one source, every document wrapped in BOS … EOS, in a memory-mapped file.
 *
 * <p>Layout (little-endian): magic {@code "PLXTOKS1"} (8 bytes), tokenizer hash (32 bytes),
 * source fingerprint (32 bytes), document count n (u64), token count (u64); then n + 1 u64
 * document start offsets (in tokens; the last is the token count); then the ids as i32. A
 * shard whose header names the same tokenizer and source is reused as it is; anything else is
 * rewritten (atomically, so an interrupted write never leaves a half shard behind).
 */
public final class TokenShard implements AutoCloseable {
    private static final byte[] MAGIC = "PLXTOKS1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 8 + 32 + 32 + 8 + 8;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final int docs;
    private final long tokens;
    private final long tokenBase;
    private final boolean reused;

    private TokenShard(Path path, Arena arena, MemorySegment file, boolean reused) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.docs = Math.toIntExact(file.get(U64, 72));
        this.tokens = file.get(U64, 80);
        this.tokenBase = HEADER + 8L * (docs + 1);
        this.reused = reused;
    }

    /**
     * The shard of {@code source} in {@code dir}: reopened when its header matches the tokenizer
     * and the source, otherwise built by tokenizing every document.
     *
     * @throws DataException when the source holds no documents
     */
    public static TokenShard openOrBuild(SourceSpec source, Tokenizer tokenizer, String tokenizerHash, Path dir) {
        byte[] tokHash = HexFormat.of().parseHex(tokenizerHash);
        byte[] srcHash = fingerprint(source);
        String base = source.path().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        Path file = dir.resolve(base + "-" + HexFormat.of().formatHex(srcHash, 0, 6) + ".tokens");
        try {
            Files.createDirectories(dir);
            if (Files.isRegularFile(file)) {
                TokenShard s = map(file, true);
                if (s != null && s.matches(tokHash, srcHash)) {
                    return s;
                }
                if (s != null) {
                    s.close();
                }
            }
            write(file, source, tokenizer, tokHash, srcHash);
            return map(file, false);
        } catch (IOException e) {
            throw new DataException(file + ": cannot write or read the token shard: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of what decides a shard's content besides the tokenizer: the file, its size and time, and how it is read. */
    static byte[] fingerprint(SourceSpec s) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((s.path().toAbsolutePath().normalize() + "\n" + s.format() + "\n" + s.field() + "\n"
                    + s.delimiter() + "\n" + s.include()).getBytes(StandardCharsets.UTF_8));
            List<Path> files = s.format() == SourceSpec.Format.DIRECTORY ? DocumentReader.directoryFiles(s)
                    : List.of(s.path());
            for (Path f : files) {
                d.update(("\n" + f + "\n" + Files.size(f) + "\n" + Files.getLastModifiedTime(f).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(s.notFound());
        } catch (IOException e) {
            throw new DataException(s.path() + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, SourceSpec source, Tokenizer tok, byte[] tokHash, byte[] srcHash)
            throws IOException {
        LongList offsets = new LongList();
        IntList ids = new IntList();
        offsets.add(0);
        DocumentReader.forEach(source, doc -> {
            ids.add(tok.bosId());
            for (int id : tok.encode(doc, false, false)) {
                ids.add(id);
            }
            ids.add(tok.eosId());
            offsets.add(ids.size);
        });
        if (offsets.size == 1) {
            throw new DataException(source.path() + ": no documents (the source is empty or blank)");
        }
        long size = HEADER + 8L * offsets.size + 4L * ids.size;
        AtomicFileWriter.write(file, size, seg -> {
            MemorySegment.copy(MemorySegment.ofArray(MAGIC), 0, seg, 0, 8);
            MemorySegment.copy(MemorySegment.ofArray(tokHash), 0, seg, 8, 32);
            MemorySegment.copy(MemorySegment.ofArray(srcHash), 0, seg, 40, 32);
            seg.set(U64, 72, offsets.size - 1);
            seg.set(U64, 80, ids.size);
            MemorySegment.copy(offsets.data, 0, seg, U64, HEADER, offsets.size);
            MemorySegment.copy(ids.data, 0, seg, I32, HEADER + 8L * offsets.size, ids.size);
        });
    }

    /** Maps a shard; an existing file that is not a valid shard gives null (it is rebuilt). */
    private static TokenShard map(Path file, boolean existing) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            String problem = null;
            if (seg.byteSize() < HEADER || seg.asSlice(0, 8).mismatch(MemorySegment.ofArray(MAGIC)) != -1) {
                problem = "not a token shard";
            } else {
                long docs = seg.get(U64, 72);
                long tokens = seg.get(U64, 80);
                long expected = HEADER + 8 * (docs + 1) + 4 * tokens;
                if (docs < 1 || tokens < 0 || docs > Integer.MAX_VALUE || expected != seg.byteSize()) {
                    problem = "size " + seg.byteSize() + " does not match its header";
                }
            }
            if (problem != null) {
                if (existing) {
                    arena.close();
                    return null;
                }
                throw new DataException(file + ": " + problem);
            }
            return new TokenShard(file, arena, seg, existing);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private boolean matches(byte[] tokHash, byte[] srcHash) {
        return file.asSlice(8, 32).mismatch(MemorySegment.ofArray(tokHash)) == -1
                && file.asSlice(40, 32).mismatch(MemorySegment.ofArray(srcHash)) == -1;
    }

    public Path path() {
        return path;
    }

    /** Whether this shard was found on disk rather than tokenized now. */
    public boolean reused() {
        return reused;
    }

    public int documentCount() {
        return docs;
    }

    public long tokenCount() {
        return tokens;
    }

    /** Offset of document d's first token (its BOS). */
    public long documentStart(int d) {
        return file.get(U64, HEADER + 8L * d);
    }

    /** Tokens of document d, BOS and EOS included. */
    public int documentLength(int d) {
        return (int) (documentStart(d + 1) - documentStart(d));
    }

    public int token(long i) {
        return file.get(I32, tokenBase + 4 * i);
    }

    /** Copies tokens [from, from + n) into dst at off. */
    public void read(long from, int[] dst, int off, int n) {
        MemorySegment.copy(file, I32, tokenBase + 4 * from, dst, off, n);
    }

    @Override
    public void close() {
        arena.close();
    }

    private static final class LongList {
        long[] data = new long[64];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }

    private static final class IntList {
        int[] data = new int[1024];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }
}
