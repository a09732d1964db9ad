package org.pollux.generate.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the model prefers (random logits) and wherever the token limit cuts, the constrained
 * output parses as JSON and is valid for the schema, checked by an independent validator.
 */
class ConstrainedGenerationPropertyTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final PieceTokenizer TOKENIZER = new PieceTokenizer();

    @Property(tries = 300, seed = "20261122")
    void randomTokensAmongTheAllowedAlwaysGiveAValidDocument(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 120) int maxTokens) throws Exception {
        Random r = new Random(seed);
        JsonNode schemaJson = RandomSchemas.schema(r, 3);
        JsonSchema schema = JsonSchema.fromJsonSchema(schemaJson, "schema");
        JsonConstraint c = JsonConstraint.of(schema, TOKENIZER, List.of(PieceTokenizer.END_OF_TURN));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        float[] logits = new float[TOKENIZER.vocabSize()];
        for (int step = 0; step < maxTokens && !c.isComplete(); step++) {
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) r.nextGaussian();
            }
            JsonRecognizer before = c.state();
            c.mask(logits, logits.length);
            for (int t = 0; t < logits.length; t++) {
                // The mask (trie walks, fast paths) allows exactly the tokens whose bytes continue the document.
                byte[] b = TOKENIZER.isControl(t) ? null : TOKENIZER.tokenBytes(t);
                boolean valid = b == null ? t == PieceTokenizer.END_OF_TURN && before.canEnd() || t == PieceTokenizer.EOS
                        && before.canEnd() : before.advance(b) != null;
                assertThat(logits[t] != Float.NEGATIVE_INFINITY).as("token %d after %s", t, out).isEqualTo(valid);
            }
            int token = argmax(logits);
            assertThat(logits[token]).as("some token is allowed").isFinite();
            out.writeBytes(TOKENIZER.tokenBytes(token));
            c.accept(token);
        }
        String text = JsonRecognizerTest.cutText(out.toByteArray(), out.size()) + c.completion();
        JsonNode value = STRICT.readTree(text);
        assertThat(SchemaValidator.check(schemaJson, value, "$")).as("%s for %s", text, schemaJson).isNull();
    }

    /**
     * Found by the property: an undeclared key 60 characters long (with a {@code \u002a} escape)
     * could still take the 4-character token "true", but the mask's length budget, which keeps
     * one character of a key in reserve, refused it.
     */
    @net.jqwik.api.Example
    void aLongUndeclaredKeyMayUseItsReservedLastCharacter() throws Exception {
        randomTokensAmongTheAllowedAlwaysGiveAValidDocument(-7858L, 84);
    }

    private static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }
}
