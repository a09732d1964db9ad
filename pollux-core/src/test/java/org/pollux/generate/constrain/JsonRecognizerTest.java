package org.pollux.generate.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-written documents the recognizer must accept or reject, and completions from every prefix. */
class JsonRecognizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema gemini(String schema) throws Exception {
        return JsonSchema.fromGemini(JSON.readTree(schema), "responseSchema");
    }

    static JsonSchema jsonSchema(String schema) throws Exception {
        return JsonSchema.fromJsonSchema(JSON.readTree(schema), "responseJsonSchema");
    }

    static Stream<Arguments> cases() {
        String person = """
                {"type":"OBJECT","properties":{"name":{"type":"STRING"},"age":{"type":"INTEGER","minimum":0,"maximum":150},
                 "tags":{"type":"ARRAY","items":{"type":"STRING"},"maxItems":"2"}},"required":["name"],
                 "propertyOrdering":["name","age","tags"]}""";
        String tree = """
                {"$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},
                 "kids":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["v"],"additionalProperties":false}},
                 "$ref":"#/$defs/node"}""";
        return Stream.of(
                // Gemini dialect
                row("g", person, "{\"name\":\"Ann\"}", true),
                row("g", person, "{\"name\":\"Ann\",\"age\":42}", true),
                row("g", person, "{ \"name\" : \"Ann\" , \"age\" : 42 , \"tags\" : [ \"a\" , \"b\" ] }", true),
                row("g", person, "{\n  \"name\": \"A\\u00e9\\n\\\"\",\n  \"tags\": []\n}", true),
                row("g", person, "{\"age\":42,\"name\":\"Ann\"}", false), // order
                row("g", person, "{}", false), // required
                row("g", person, "{\"name\":\"Ann\",\"age\":151}", false),
                row("g", person, "{\"name\":\"Ann\",\"age\":-1}", false),
                row("g", person, "{\"name\":\"Ann\",\"age\":1.5}", false),
                row("g", person, "{\"name\":\"Ann\",\"age\":007}", false),
                row("g", person, "{\"name\":\"Ann\",\"tags\":[\"a\",\"b\",\"c\"]}", false),
                row("g", person, "{\"name\":\"Ann\",\"nick\":\"x\"}", false),
                row("g", person, "{\"name\":\"Ann\"} ", false), // nothing after the value
                row("g", person, "{\"name\":\"A\u0001\"}", false), // raw control character
                row("g", person, "{\"name\":\"\\ud800\"}", false), // surrogate escape
                row("g", person, "{\"name\":\"\\x\"}", false),
                row("g", "{\"type\":\"STRING\",\"enum\":[\"red\",\"green\",\"grün\"]}", "\"grün\"", true),
                row("g", "{\"type\":\"STRING\",\"enum\":[\"red\",\"green\"]}", "\"gre\"", false),
                row("g", "{\"type\":\"STRING\",\"nullable\":true}", "null", true),
                row("g", "{\"type\":\"boolean\"}", "true", true),
                row("g", "{\"type\":\"NUMBER\",\"minimum\":-2.5,\"maximum\":3}", "-2.5", true),
                row("g", "{\"type\":\"NUMBER\",\"minimum\":-2.5,\"maximum\":3}", "-2.51", false),
                row("g", "{\"type\":\"NUMBER\",\"minimum\":-2.5,\"maximum\":3}", "3.0", true),
                row("g", "{\"type\":\"NUMBER\",\"minimum\":-2.5,\"maximum\":3}", "3.01", false),
                row("g", "{\"type\":\"NUMBER\"}", "1e5", false), // no exponents
                row("g", "{\"type\":\"STRING\",\"minLength\":2,\"maxLength\":3}", "\"ab\"", true),
                row("g", "{\"type\":\"STRING\",\"minLength\":2,\"maxLength\":3}", "\"a\"", false),
                row("g", "{\"type\":\"STRING\",\"minLength\":2,\"maxLength\":3}", "\"\uD83D\uDE00é\u4E2D\"", true),
                row("g", "{\"type\":\"STRING\",\"minLength\":2,\"maxLength\":3}", "\"abcd\"", false),
                row("g", "{\"type\":\"STRING\",\"pattern\":\"^[a-c]{2}\\\\d+$\"}", "\"ab12\"", true),
                row("g", "{\"type\":\"STRING\",\"pattern\":\"^[a-c]{2}\\\\d+$\"}", "\"ab\"", false),
                row("g", "{\"type\":\"STRING\",\"pattern\":\"x\"}", "\"aaxbb\"", true), // unanchored
                row("g", "{\"type\":\"STRING\",\"format\":\"date\"}", "\"2024-02-29\"", true),
                row("g", "{\"type\":\"STRING\",\"format\":\"date\"}", "\"2024-13-01\"", false),
                row("g", "{\"anyOf\":[{\"type\":\"INTEGER\"},{\"type\":\"STRING\"}]}", "12", true),
                row("g", "{\"anyOf\":[{\"type\":\"INTEGER\"},{\"type\":\"STRING\"}]}", "\"12\"", true),
                row("g", "{\"anyOf\":[{\"type\":\"INTEGER\"},{\"type\":\"STRING\"}]}", "1.5", false),
                row("g", "{\"type\":\"ARRAY\",\"items\":{\"type\":\"INTEGER\"},\"minItems\":\"2\"}", "[1,2]", true),
                row("g", "{\"type\":\"ARRAY\",\"items\":{\"type\":\"INTEGER\"},\"minItems\":\"2\"}", "[1]", false),
                // JSON Schema dialect
                row("j", tree, "{\"v\":1,\"kids\":[{\"v\":2},{\"v\":3,\"kids\":[]}]}", true),
                row("j", tree, "{\"v\":1,\"kids\":[{}]}", false),
                row("j", "{\"type\":[\"integer\",\"null\"]}", "null", true),
                row("j", "{\"type\":[\"integer\",\"null\"]}", "-0", true),
                row("j", "{\"const\":{\"a\":[1,true]}}", "{\"a\":[1,true]}", true),
                row("j", "{\"enum\":[1,\"one\",null]}", "\"one\"", true),
                row("j", "{\"enum\":[1,\"one\",null]}", "2", false),
                row("j", "{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1}", "0", false),
                row("j", "{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1}", "0.001", true),
                row("j", "{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1}", "1.0", false),
                row("j", "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}", "{\"a\":1,\"b\":2}", true),
                row("j", "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}", "{\"a\":1,\"a\":2}", false),
                row("j", "{\"type\":\"object\",\"properties\":{\"x\":{}},\"additionalProperties\":{\"type\":\"integer\"}}",
                        "{\"x\":[{},\"s\",null],\"y\":1}", true),
                row("j", "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}},\"additionalProperties\":{\"type\":\"integer\"}}",
                        "{\"x\":1}", false), // a declared name is not an undeclared key
                row("j", "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"boolean\"}],\"items\":false}",
                        "[\"a\",false]", true),
                row("j", "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"boolean\"}],\"items\":false}",
                        "[\"a\",false,1]", false),
                row("j", "{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"const\":1}},\"required\":[\"a\"]},"
                        + "{\"type\":\"object\",\"properties\":{\"a\":{\"const\":2}},\"required\":[\"a\"]}]}", "{\"a\":2}", true),
                row("j", "{\"type\":\"object\",\"minProperties\":2,\"properties\":{\"a\":{},\"b\":{},\"c\":{}}}",
                        "{\"a\":1}", false),
                row("j", "{\"type\":\"object\",\"minProperties\":2,\"properties\":{\"a\":{},\"b\":{},\"c\":{}}}",
                        "{\"a\":1,\"c\":2}", true),
                row("j", "{\"type\":\"object\",\"maxProperties\":1,\"properties\":{\"a\":{},\"b\":{}}}",
                        "{\"a\":1,\"b\":2}", false),
                row("j", "{}", "[{\"k\":[1,-2.5,\"x\",true,null]}]", true));
    }

    private static Arguments row(String dialect, String schema, String doc, boolean valid) {
        return Arguments.of(dialect, schema, doc, valid);
    }

    @ParameterizedTest(name = "[{index}] {2} → {3}")
    @MethodSource("cases")
    void acceptsExactlyTheValidDocuments(String dialect, String schemaText, String doc, boolean valid) throws Exception {
        JsonSchema schema = dialect.equals("g") ? gemini(schemaText) : jsonSchema(schemaText);
        JsonRecognizer r = schema.recognizer().advance(doc);
        assertThat(r != null && r.canEnd()).as("accepted").isEqualTo(valid);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("cases")
    void everyPrefixOfAValidDocumentCompletesToAValidDocument(String dialect, String schemaText, String doc,
            boolean valid) throws Exception {
        if (!valid) {
            return;
        }
        JsonSchema schema = dialect.equals("g") ? gemini(schemaText) : jsonSchema(schemaText);
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        JsonRecognizer r = schema.recognizer();
        for (int i = 0; i <= bytes.length; i++) {
            String completed = cutText(bytes, i) + r.completion();
            JsonRecognizer check = schema.recognizer().advance(completed);
            assertThat(check != null && check.canEnd()).as("prefix %d completed as %s", i, completed).isTrue();
            JSON.readTree(completed);
            if (i < bytes.length) {
                r = r.advance(bytes[i] & 0xFF);
            }
        }
    }

    /** What the generator has emitted after {@code n} bytes: whole characters only. */
    static String cutText(byte[] bytes, int n) {
        int end = n;
        int back = 0;
        while (end > 0 && back < 4 && (bytes[end - 1] & 0xC0) == 0x80) {
            end--;
            back++;
        }
        if (end > 0 && (bytes[end - 1] & 0xC0) == 0xC0) {
            int lead = bytes[end - 1] & 0xFF;
            int len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (n - (end - 1) < len) {
                n = end - 1; // the last character is cut: its bytes are dropped
            }
        }
        return new String(Arrays.copyOf(bytes, n), StandardCharsets.UTF_8);
    }
}
