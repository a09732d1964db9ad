package org.pollux.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * llama.cpp's tokenizer test vectors: texts in {@code .inp} separated by a line
 * {@code __ggml_vocab_test__}, expected ids in {@code .out}, one line of space-separated ids per text.
 */
record TokenizerVectors(List<String> texts, List<int[]> ids) {
    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    static TokenizerVectors read(Path inp, Path out) throws IOException {
        String all = Files.readString(inp, StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>(Arrays.asList(all.split(SEPARATOR, -1)));
        if (texts.get(texts.size() - 1).isEmpty()) {
            texts.remove(texts.size() - 1);
        }
        List<int[]> ids = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            String t = line.strip();
            ids.add(t.isEmpty() ? new int[0] : Arrays.stream(t.split("\\s+")).mapToInt(Integer::parseInt).toArray());
        }
        if (texts.size() != ids.size()) {
            throw new IllegalStateException(inp + ": " + texts.size() + " texts but " + ids.size() + " id lines");
        }
        return new TokenizerVectors(texts, ids);
    }
}
