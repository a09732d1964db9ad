package org.pollux.train.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the documents of a {@link SourceSpec} in a fixed order: a text file split at the
 * delimiter; every file entry of a zip, by name, each split the same way; every regular file
 * under a directory, by relative path, the same way; every non-blank line of a JSONL file (its
 * string field). The source's {@code include} glob picks zip entries and directory files. Zip
 * entries and directory files are decoded as UTF-8 with malformed bytes replaced (one stray
 * byte in a large archive should not stop a run); a plain text file must be valid UTF-8.
 * Blank documents are skipped.
 */
public final class DocumentReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DocumentReader() {}

    /** Calls {@code sink} with each document of the source, in order. */
    public static void forEach(SourceSpec s, Consumer<String> sink) {
        try {
            switch (s.format()) {
                case TEXT -> split(Files.readString(s.path(), StandardCharsets.UTF_8), s.delimiter(), sink);
                case ZIP -> readZip(s, sink);
                case DIRECTORY -> readDirectory(s, sink);
                case JSONL -> readJsonl(s, sink);
            }
        } catch (NoSuchFileException e) {
            throw new DataException(s.notFound());
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataException(s.path() + ": not UTF-8 text");
        } catch (IOException e) {
            throw new DataException(s.path() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** All documents of the source. */
    public static List<String> readAll(SourceSpec s) {
        List<String> out = new ArrayList<>();
        forEach(s, out::add);
        return out;
    }

    private static void split(String text, String delimiter, Consumer<String> sink) {
        if (delimiter.isEmpty()) {
            emit(text, sink);
            return;
        }
        int from = 0;
        while (from <= text.length()) {
            int at = text.indexOf(delimiter, from);
            int end = at < 0 ? text.length() : at;
            emit(text.substring(from, end), sink);
            if (at < 0) {
                break;
            }
            from = at + delimiter.length();
        }
    }

    private static void emit(String doc, Consumer<String> sink) {
        // Line breaks inside a document are kept; only its surrounding blank space is dropped.
        String d = doc.strip();
        if (!d.isEmpty()) {
            sink.accept(d);
        }
    }

    private static void readZip(SourceSpec s, Consumer<String> sink) throws IOException {
        try (ZipFile zip = new ZipFile(s.path().toFile(), StandardCharsets.UTF_8)) {
            PathMatcher included = includeMatcher(s);
            List<? extends ZipEntry> entries = zip.stream().filter(e -> !e.isDirectory())
                    .filter(e -> included.matches(Path.of(e.getName())))
                    .sorted(Comparator.comparing(ZipEntry::getName)).toList();
            requireSome(s, entries.size());
            for (ZipEntry e : entries) {
                try (InputStream in = zip.getInputStream(e)) {
                    split(decodeLeniently(in.readAllBytes()), s.delimiter(), sink);
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new DataException(s.path() + ": not a readable zip file: " + e.getMessage(), e);
        }
    }

    /** The files a directory source reads, sorted by path relative to the directory. */
    public static List<Path> directoryFiles(SourceSpec s) throws IOException {
        if (!Files.exists(s.path())) {
            throw new NoSuchFileException(s.path().toString());
        }
        if (!Files.isDirectory(s.path())) {
            throw new DataException(s.path() + ": not a directory (format directory)");
        }
        PathMatcher included = includeMatcher(s);
        try (Stream<Path> walk = Files.walk(s.path(), FileVisitOption.FOLLOW_LINKS)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(f -> included.matches(s.path().relativize(f)))
                    .sorted(Comparator.comparing(f -> s.path().relativize(f).toString())).toList();
            requireSome(s, files.size());
            return files;
        }
    }

    private static void readDirectory(SourceSpec s, Consumer<String> sink) throws IOException {
        for (Path f : directoryFiles(s)) {
            split(decodeLeniently(Files.readAllBytes(f)), s.delimiter(), sink);
        }
    }

    private static PathMatcher includeMatcher(SourceSpec s) {
        return s.include().isEmpty() ? p -> true : FileSystems.getDefault().getPathMatcher("glob:" + s.include());
    }

    private static void requireSome(SourceSpec s, int files) {
        if (files == 0) {
            throw new DataException(s.path() + ": no files"
                    + (s.include().isEmpty() ? "" : " match include '" + s.include() + "'"));
        }
    }

    private static String decodeLeniently(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static void readJsonl(SourceSpec s, Consumer<String> sink) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(s.path(), StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new DataException(s.path() + ":" + lineNo + ": malformed JSON: " + e.getOriginalMessage());
                }
                JsonNode text = node == null ? null : node.get(s.field());
                if (text == null || !text.isTextual()) {
                    throw new DataException(s.path() + ":" + lineNo + ": no string field '" + s.field() + "'");
                }
                emit(text.textValue(), sink);
            }
        }
    }
}
