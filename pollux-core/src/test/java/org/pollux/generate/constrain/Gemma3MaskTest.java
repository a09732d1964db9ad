package org.pollux.generate.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.SharedFixtures;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;

/**
 * The mask on the real Gemma 3 vocabulary (262,144 tokens): the tokens a real tokenization of a
 * valid document uses are always allowed, every allowed token really continues the document, and
 * the mask is fast enough to run before every token. Timings are printed for the record.
 */
class Gemma3MaskTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Tokenizer tokenizer;
    private static TokenVocabulary vocab;
    private static long buildMillis;

    private static final String SCHEMA = """
            {"type":"OBJECT","properties":{
              "name":{"type":"STRING"},
              "age":{"type":"INTEGER","minimum":0,"maximum":150},
              "email":{"type":"STRING","pattern":"^[a-z.]+@[a-z]+\\\\.[a-z]{2,3}$"},
              "colors":{"type":"ARRAY","items":{"type":"STRING","enum":["red","green","blue"]}},
              "bio":{"type":"STRING","maxLength":200},
              "score":{"type":"NUMBER"}},
             "required":["name","age","colors"]}""";
    private static final String DOC = "{\"name\": \"Ada Lovelace\", \"age\": 36, \"email\": \"ada@math.org\", "
            + "\"colors\": [\"green\", \"blue\"], \"bio\": \"Wrote the first program — for the Analytical Engine, "
            + "in 1843.\", \"score\": -12.75}";

    @BeforeAll
    static void load() {
        tokenizer = Tokenizers.load(SharedFixtures.fixture("tokenizer/gemma3/tokenizer.json"));
        long t0 = System.nanoTime();
        vocab = TokenVocabulary.of(tokenizer);
        buildMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("Gemma 3 vocabulary: %d tokens, trie of %d nodes built in %d ms%n", vocab.size(),
                vocab.trieNodes(), buildMillis);
    }

    @Test
    void vocabularyIsBuiltOnceAndQuickly() {
        assertThat(TokenVocabulary.of(tokenizer)).isSameAs(vocab);
        assertThat(buildMillis).as("trie build time").isLessThan(15_000);
        // Control tokens (turn markers) never appear inside JSON.
        int endOfTurn = tokenizer.tokenId("<end_of_turn>").orElseThrow();
        assertThat(vocab.bytes(endOfTurn)).isNull();
        // Reserved pieces stand for something else than their text; user-defined newline runs are text.
        assertThat(vocab.bytes(tokenizer.tokenId("<unused7>").orElseThrow())).isNull();
        assertThat(vocab.bytes(tokenizer.tokenId("<unk>").orElseThrow())).isNull();
        assertThat(vocab.bytes(tokenizer.tokenId("\n\n").orElseThrow())).containsExactly('\n', '\n');
    }

    /** Mask time in the states that walk the most of the trie (printed; bounded loosely). */
    @Test
    void maskTimeByKindOfState() throws Exception {
        String[][] cases = {
            {"free string", "{\"type\":\"STRING\"}", "\"Hello"},
            {"string with maxLength", "{\"type\":\"STRING\",\"maxLength\":10}", "\"Hel"},
            {"pattern string [a-z ]+", "{\"type\":\"STRING\",\"pattern\":\"^[a-z ]+$\"}", "\"hel"},
            {"object key (40 optional)", keys(40), "{"},
            {"any value", "{}", "[1, "},
            {"undeclared key", "{\"type\":\"OBJECT\"}", "{"},
            {"bounded number", "{\"type\":\"NUMBER\",\"minimum\":-5,\"maximum\":1000}", "12"}};
        float[] logits = new float[vocab.size()];
        for (String[] c : cases) {
            JsonSchema schema = JsonSchema.fromJsonSchema(JSON.readTree(c[1].replace("STRING", "string")
                    .replace("OBJECT", "object").replace("NUMBER", "number")), "s");
            if (c[0].equals("undeclared key")) {
                schema = JsonSchema.fromJsonSchema(JSON.readTree(
                        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}"), "s");
            }
            JsonConstraint con = JsonConstraint.of(schema, tokenizer, List.of());
            for (byte b : c[2].getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                con.accept(b == ' ' ? tokenizer.tokenId("▁").orElseThrow()
                        : tokenizer.tokenId(String.valueOf((char) b)).orElseThrow());
            }
            int reps = 5;
            long best = Long.MAX_VALUE;
            int allowed = 0;
            for (int i = 0; i < reps; i++) {
                Arrays.fill(logits, 0f);
                long t0 = System.nanoTime();
                con.mask(logits, logits.length);
                best = Math.min(best, System.nanoTime() - t0);
                allowed = (int) java.util.stream.IntStream.range(0, logits.length).filter(k -> logits[k] == 0f).count();
            }
            System.out.printf("Gemma 3 mask, %-26s %7d µs (best of %d), %6d tokens allowed%n", c[0] + ":",
                    best / 1000, reps, allowed);
            assertThat(allowed).isPositive();
            assertThat(best).as(c[0]).isLessThan(500_000_000L);
        }
    }

    private static String keys(int n) {
        StringBuilder sb = new StringBuilder("{\"type\":\"object\",\"properties\":{");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append("\"field").append(i).append("\":{\"type\":\"integer\"}");
        }
        return sb.append("}}").toString();
    }

    @Test
    void realTokenizationOfAValidDocumentIsAlwaysAllowed() throws Exception {
        JsonSchema schema = JsonSchema.fromGemini(JSON.readTree(SCHEMA), "responseSchema");
        int[] ids = tokenizer.encode(DOC, false, false);
        JsonConstraint c = JsonConstraint.of(schema, tokenizer, List.of());
        float[] logits = new float[vocab.size()];
        long total = 0;
        long worst = 0;
        for (int id : ids) {
            Arrays.fill(logits, 0f);
            long t0 = System.nanoTime();
            c.mask(logits, logits.length);
            long dt = System.nanoTime() - t0;
            total += dt;
            worst = Math.max(worst, dt);
            assertThat(logits[id]).as("token %d %s", id, tokenizer.piece(id)).isZero();
            c.accept(id);
        }
        assertThat(c.isComplete()).isTrue();
        System.out.printf("Gemma 3 mask along a real tokenization: %d steps, mean %d µs, worst %d µs%n", ids.length,
                total / ids.length / 1000, worst / 1000);
        assertThat(total / ids.length).as("mean ns per mask (target well under 50 ms)").isLessThan(100_000_000L);
    }

    @Test
    void randomAllowedTokensAlwaysGiveAValidDocument() throws Exception {
        JsonSchema schema = JsonSchema.fromGemini(JSON.readTree(SCHEMA), "responseSchema");
        SplittableRandom rnd = new SplittableRandom(7);
        float[] logits = new float[vocab.size()];
        long total = 0;
        int steps = 0;
        for (int run = 0; run < 3; run++) {
            JsonConstraint c = JsonConstraint.of(schema, tokenizer, List.of());
            StringBuilder bytes = new StringBuilder();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int step = 0; step < 60 && !c.isComplete(); step++) {
                Arrays.fill(logits, 0f);
                long t0 = System.nanoTime();
                c.mask(logits, logits.length);
                total += System.nanoTime() - t0;
                steps++;
                int[] allowed = java.util.stream.IntStream.range(0, logits.length).filter(i -> logits[i] == 0f).toArray();
                int token = allowed[rnd.nextInt(allowed.length)];
                out.writeBytes(tokenizer.tokenBytes(token));
                c.accept(token);
            }
            String text = JsonRecognizerTest.cutText(out.toByteArray(), out.size()) + c.completion();
            JsonRecognizer check = schema.recognizer().advance(text);
            assertThat(check != null && check.canEnd()).as(text).isTrue();
            JSON.readTree(text);
            bytes.append(text);
        }
        System.out.printf("Gemma 3 mask on random allowed tokens: %d steps, mean %d µs%n", steps, total / steps / 1000);
    }
}
