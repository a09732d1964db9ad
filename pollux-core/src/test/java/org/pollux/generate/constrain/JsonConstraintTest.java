package org.pollux.generate.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The token-level contract: end tokens, errors, and the bounds that make every generation end. */
class JsonConstraintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PieceTokenizer TOKENIZER = new PieceTokenizer();

    private static JsonSchema schema(String json) throws Exception {
        return JsonSchema.fromJsonSchema(JSON.readTree(json), "s");
    }

    private static int[] allowed(JsonConstraint c) {
        float[] logits = new float[TOKENIZER.vocabSize()];
        c.mask(logits, logits.length);
        return IntStream.range(0, logits.length).filter(i -> logits[i] == 0f).toArray();
    }

    private static void feed(JsonConstraint c, String text) {
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            c.accept(b & 0xFF);
        }
    }

    @Test
    void endTokensAreAllowedOnlyWhereTheDocumentMayEndButCouldGoOn() throws Exception {
        JsonConstraint c = JsonConstraint.of(schema("{\"type\":\"integer\",\"maximum\":500}"), TOKENIZER,
                List.of(PieceTokenizer.END_OF_TURN));
        assertThat(allowed(c)).doesNotContain(PieceTokenizer.EOS, PieceTokenizer.END_OF_TURN)
                .contains((int) '-', (int) '7', (int) ' ').doesNotContain((int) '"', (int) '.');
        feed(c, "12");
        assertThat(c.isComplete()).isFalse();
        assertThat(allowed(c)).contains(PieceTokenizer.EOS, PieceTokenizer.END_OF_TURN, (int) '0')
                .doesNotContain((int) '.');
        c.accept(PieceTokenizer.END_OF_TURN);
        assertThat(c.isComplete()).isTrue();
        assertThat(c.completion()).isEmpty();
    }

    @Test
    void aDocumentThatCannotGoOnIsCompleteByItself() throws Exception {
        JsonConstraint c = JsonConstraint.of(schema("{\"type\":\"integer\",\"maximum\":500}"), TOKENIZER, List.of());
        feed(c, "50");
        assertThat(allowed(c)).contains((int) '0', PieceTokenizer.EOS).doesNotContain((int) '1'); // 500 ≤ 500 < 501
        feed(c, "0");
        assertThat(c.isComplete()).isTrue();
        assertThatThrownBy(() -> allowed(c)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("complete");
        JsonConstraint obj = JsonConstraint.of(schema("{\"type\":\"object\"}"), TOKENIZER, List.of());
        feed(obj, "{}");
        assertThat(obj.isComplete()).isTrue();
    }

    @Test
    void aTokenTheMaskRefusedIsRejected() throws Exception {
        JsonConstraint c = JsonConstraint.of(schema("{\"type\":\"boolean\"}"), TOKENIZER, List.of());
        assertThatThrownBy(() -> c.accept('x')).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token 120 cannot continue the JSON document here");
        assertThatThrownBy(() -> c.accept(PieceTokenizer.EOS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVocabularyThatCannotContinueIsAnErrorNotAnEmptyDistribution() throws Exception {
        JsonConstraint c = JsonConstraint.of(schema("{\"type\":\"boolean\"}"), TOKENIZER, List.of());
        float[] logits = new float[9]; // a model that only knows the first 9 ids: control bytes, no 't' or 'f'
        assertThatThrownBy(() -> c.mask(logits, logits.length)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no token among the first 9");
    }

    @Test
    void whitespaceIsBoundedInEachGap() throws Exception {
        JsonRecognizer r = schema("{\"type\":\"array\"}").recognizer();
        r = r.advance(" ".repeat(Frame.MAX_WHITESPACE));
        assertThat(r).isNotNull();
        assertThat(r.advance(' ')).isNull();
        assertThat(r.advance("[" + "\n".repeat(Frame.MAX_WHITESPACE) + "]")).isNotNull();
        assertThat(r.advance("[" + "\n".repeat(Frame.MAX_WHITESPACE + 1))).isNull();
    }

    @Test
    void anyValueStopsNestingBeforeParsersRefuseIt() throws Exception {
        JsonRecognizer r = schema("{}").recognizer();
        int depth = 0;
        while (r.advance('[') != null) {
            r = r.advance('[');
            depth++;
        }
        assertThat(depth).isBetween(Frame.MAX_ANY_DEPTH / 2, Frame.MAX_ANY_DEPTH);
        String doc = "[".repeat(depth) + r.completion();
        assertThat(JSON.readTree(doc).isArray()).isTrue(); // Jackson's default limit is 1000 levels
        // Scalars still fit at the deepest level.
        assertThat(r.advance("1").canEnd()).isFalse();
        assertThat(r.advance("1" + "]".repeat(depth)).canEnd()).isTrue();
    }

    @Test
    void forcedCallErrorsNameThePath() throws Exception {
        FunctionCallSchema.Declaration f = new FunctionCallSchema.Declaration("f", null, null, "tools[0].functionDeclarations[0]");
        FunctionCallSchema.Declaration bad = new FunctionCallSchema.Declaration("g", JSON.readTree("{\"type\":\"OBJ\"}"),
                null, "tools[0].functionDeclarations[1]");
        String allowed = "toolConfig.functionCallingConfig.allowedFunctionNames";
        assertThatThrownBy(() -> FunctionCallSchema.forcedCall(List.of(f), List.of("f", "h"), allowed))
                .hasMessage(allowed + "[1]: no function named \"h\" is declared");
        assertThatThrownBy(() -> FunctionCallSchema.forcedCall(List.of(f, f), List.of(), allowed))
                .hasMessage("tools[0].functionDeclarations[0].name: function \"f\" is declared twice");
        assertThatThrownBy(() -> FunctionCallSchema.forcedCall(List.of(f, bad), List.of("f"), allowed))
                .hasMessage("tools[0].functionDeclarations[1].parameters.type: unknown type \"OBJ\"");
        assertThatThrownBy(() -> FunctionCallSchema.forcedCall(List.of(), List.of(), allowed))
                .hasMessage(allowed + ": no function is declared to call");
    }

    @Test
    void forcedCallAcceptsExactlyTheAllowedFunctions() throws Exception {
        JsonSchema s = FunctionCallSchema.forcedCall(List.of(
                new FunctionCallSchema.Declaration("ping", null, null, "d0"),
                new FunctionCallSchema.Declaration("add", JSON.readTree("{\"type\":\"OBJECT\",\"properties\":{"
                        + "\"a\":{\"type\":\"INTEGER\"},\"b\":{\"type\":\"INTEGER\"}},\"required\":[\"a\",\"b\"]}"), null, "d1"),
                new FunctionCallSchema.Declaration("secret", null, null, "d2")), List.of("ping", "add"), "allowed");
        assertThat(s.shortestInstance()).isEqualTo("{\"name\":\"ping\",\"args\":{}}");
        assertThat(s.recognizer().advance("{\"name\":\"add\",\"args\":{\"a\":1,\"b\":-2}}").canEnd()).isTrue();
        assertThat(s.recognizer().advance("{\"name\":\"add\",\"args\":{\"a\":1}}")).isNull();
        assertThat(s.recognizer().advance("{\"name\":\"ping\",\"args\":{\"a\":1}}")).isNull();
        assertThat(s.recognizer().advance("{\"name\":\"secret\"")).isNull();
        assertThat(s.recognizer().advance("{\"name\":\"add\",\"args\":{\"a\":1,").completion()).isEqualTo("\"b\":0}}");
    }
}
