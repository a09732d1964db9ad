package org.pollux.generate.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compiling both dialects: what each keyword means, and precise errors naming the JSON path. */
class SchemaCompilerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema compile(String dialect, String schema) throws Exception {
        return dialect.equals("g") ? JsonSchema.fromGemini(JSON.readTree(schema), "responseSchema")
                : JsonSchema.fromJsonSchema(JSON.readTree(schema), "responseJsonSchema");
    }

    static Stream<Arguments> shortest() {
        return Stream.of(
                Arguments.of("g", "{\"type\":\"string\"}", "\"\""),
                Arguments.of("g", "{\"type\":\"Integer\",\"minimum\":\"17\"}", "17"),
                Arguments.of("g", "{\"type\":\"NUMBER\",\"minimum\":0.25,\"maximum\":0.5}", "0.3"),
                Arguments.of("g", "{\"type\":\"INTEGER\",\"minimum\":-12,\"maximum\":-10}", "-10"),
                Arguments.of("g", "{\"type\":\"INTEGER\",\"minimum\":3e12}", "3000000000000"),
                Arguments.of("g", "{\"type\":\"STRING\",\"minLength\":\"3\"}", "\"aaa\""),
                Arguments.of("g", "{\"type\":\"STRING\",\"pattern\":\"^\\\\d{3}-[A-Z]$\"}", "\"000-A\""),
                Arguments.of("g", "{\"type\":\"STRING\",\"format\":\"date-time\"}", "\"0000-01-01T00:00:00Z\""),
                Arguments.of("g", "{\"type\":\"STRING\",\"enum\":[\"long\",\"no\"]}", "\"no\""),
                Arguments.of("g", "{\"type\":\"INTEGER\",\"enum\":[\"12\",\"3\"]}", "3"),
                Arguments.of("g", "{\"type\":\"OBJECT\",\"nullable\":true,\"properties\":{\"a\":{\"type\":\"STRING\"}},"
                        + "\"required\":[\"a\"]}", "null"),
                Arguments.of("g", "{\"type\":\"OBJECT\",\"properties\":{\"b\":{\"type\":\"BOOLEAN\"},\"a\":{\"type\":\"NULL\"}},"
                        + "\"required\":[\"a\",\"b\"],\"propertyOrdering\":[\"a\",\"b\"]}", "{\"a\":null,\"b\":true}"),
                Arguments.of("g", "{\"type\":\"ARRAY\",\"items\":{\"type\":\"INTEGER\"},\"minItems\":\"2\"}", "[0,0]"),
                Arguments.of("j", "{\"type\":\"object\",\"minProperties\":1,\"properties\":{\"long\":{},\"s\":{}}}",
                        "{\"s\":0}"),
                Arguments.of("j", "{\"type\":\"object\",\"minProperties\":1,\"additionalProperties\":{\"type\":\"string\"}}",
                        "{\"k0\":\"\"}"),
                Arguments.of("j", "{\"$defs\":{\"list\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/list\"}}}},"
                        + "\"$ref\":\"#/$defs/list\"}", "{}"),
                Arguments.of("j", "{\"definitions\":{\"a b\":{\"type\":\"boolean\"}},\"$ref\":\"#/definitions/a%20b\"}", "true"),
                Arguments.of("j", "{\"type\":\"array\",\"prefixItems\":[{\"const\":\"x\"}],\"minItems\":1}", "[\"x\"]"),
                Arguments.of("j", "{\"type\":\"array\",\"items\":[{\"type\":\"integer\"}],\"additionalItems\":false,"
                        + "\"minItems\":1}", "[0]"),
                Arguments.of("j", "{\"allOf\":[{\"type\":\"integer\",\"minimum\":5}],\"description\":\"pydantic v1\"}", "5"),
                Arguments.of("j", "{\"required\":[\"id\"]}", "{\"id\":0}"),
                Arguments.of("j", "true", "0"),
                Arguments.of("j", "{\"type\":\"number\",\"exclusiveMinimum\":0}", "1"),
                Arguments.of("j", "{\"type\":\"number\",\"exclusiveMinimum\":0,\"maximum\":1}", "1"),
                Arguments.of("j", "{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1}", "0.1"),
                Arguments.of("j", "{\"type\":\"number\",\"minimum\":0,\"exclusiveMinimum\":true,\"maximum\":0.5}", "0.1"));
    }

    @ParameterizedTest(name = "{1} → {2}")
    @MethodSource("shortest")
    void shortestInstances(String dialect, String schema, String expected) throws Exception {
        JsonSchema s = compile(dialect, schema);
        assertThat(s.shortestInstance()).isEqualTo(expected);
        JsonRecognizer r = s.recognizer().advance(expected);
        assertThat(r != null && r.canEnd()).isTrue();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("g", "{\"type\":\"OBJECT\",\"properties\":{\"colors\":{\"type\":\"ARRAY\",\"items\":{\"type\":\"STRANG\"}}}}",
                        "responseSchema.properties.colors.items.type: unknown type \"STRANG\""),
                Arguments.of("g", "{\"type\":\"ARRAY\",\"maxItems\":\"two\"}",
                        "responseSchema.maxItems: must be a non-negative integer, got \"two\""),
                Arguments.of("g", "{\"type\":\"ARRAY\",\"minItems\":3,\"maxItems\":2}",
                        "responseSchema: minItems 3 is above maxItems 2"),
                Arguments.of("g", "{\"type\":\"STRING\",\"minLength\":3,\"maxLength\":2}",
                        "responseSchema: minLength 3 is above maxLength 2"),
                Arguments.of("g", "{\"type\":\"NUMBER\",\"minimum\":3,\"maximum\":2}",
                        "responseSchema: no number lies between minimum 3 and maximum 2"),
                Arguments.of("g", "{\"type\":\"INTEGER\",\"minimum\":0.2,\"maximum\":0.8}",
                        "responseSchema: no integer satisfies the bounds"),
                Arguments.of("g", "{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\"}},\"required\":[\"b\"]}",
                        "responseSchema.required[0]: \"b\" is not in properties"),
                Arguments.of("g", "{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\"}},\"propertyOrdering\":[\"a\",\"z\"]}",
                        "responseSchema.propertyOrdering[1]: \"z\" is not in properties"),
                Arguments.of("g", "{\"type\":\"STRING\",\"pattern\":\"(a)\\\\1\"}",
                        "responseSchema.pattern: pattern \"(a)\\1\" at offset 3: backreferences are not supported"),
                Arguments.of("g", "{\"type\":\"STRING\",\"pattern\":\"a(?=b)\"}",
                        "responseSchema.pattern: pattern \"a(?=b)\" at offset 1: lookaround and inline flags are not supported"),
                Arguments.of("g", "{\"type\":\"STRING\",\"pattern\":\"[b-a]\"}",
                        "responseSchema.pattern: pattern \"[b-a]\" at offset 1: range out of order"),
                Arguments.of("g", "{\"type\":\"STRING\",\"pattern\":\"^a{3}$\",\"maxLength\":2}",
                        "responseSchema.pattern: no string of length 0..2 matches pattern \"^a{3}$\""),
                Arguments.of("g", "{\"type\":\"STRING\",\"enum\":[1]}",
                        "responseSchema.enum[0]: enum values must be strings"),
                Arguments.of("g", "{\"type\":\"INTEGER\",\"enum\":[\"x\"]}",
                        "responseSchema.enum[0]: \"x\" is not a number"),
                Arguments.of("g", "{\"type\":\"NUMBER\",\"format\":\"int32\",\"minimum\":3e12}",
                        "responseSchema: no number lies between minimum 3000000000000 and maximum 2147483647"),
                Arguments.of("g", "\"STRING\"", "responseSchema: a schema must be a JSON object, got a string"),
                Arguments.of("g", "{\"anyOf\":[]}", "responseSchema.anyOf: needs at least one schema"),
                Arguments.of("j", "{\"type\":\"strin\"}", "responseJsonSchema.type: unknown type \"strin\""),
                Arguments.of("j", "{\"type\":\"STRING\"}", "responseJsonSchema.type: unknown type \"STRING\""),
                Arguments.of("j", "{\"$ref\":\"#/$defs/missing\"}",
                        "responseJsonSchema.$ref: reference \"#/$defs/missing\" points to nothing"),
                Arguments.of("j", "{\"$ref\":\"https://example.com/s.json\"}",
                        "responseJsonSchema.$ref: only references inside the document (\"#/…\") are supported, got \"https://example.com/s.json\""),
                Arguments.of("j", "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}",
                        "reference cycle with no schema in between"),
                Arguments.of("j", "{\"$defs\":{\"n\":{\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"#/$defs/n\"}},\"required\":[\"n\"]}},"
                        + "\"$ref\":\"#/$defs/n\"}", "responseJsonSchema.$ref: no finite JSON value satisfies this schema"),
                Arguments.of("j", "{\"type\":\"object\",\"properties\":{\"x\":{\"not\":{\"type\":\"string\"}}}}",
                        "responseJsonSchema.properties.x.not: keyword \"not\" is not supported"),
                Arguments.of("j", "{\"allOf\":[{\"type\":\"integer\"},{\"minimum\":1}]}",
                        "responseJsonSchema.allOf: allOf is supported only with a single schema"),
                Arguments.of("j", "{\"type\":\"array\",\"uniqueItems\":true}",
                        "responseJsonSchema.uniqueItems: uniqueItems: true is not supported"),
                Arguments.of("j", "{\"type\":\"array\",\"prefixItems\":[{}],\"items\":false,\"minItems\":2}",
                        "responseJsonSchema: minItems 2 exceeds the 1 items allowed"),
                Arguments.of("j", "{\"type\":\"object\",\"properties\":{\"a\":{}},\"maxProperties\":0,\"required\":[\"a\"]}",
                        "responseJsonSchema: maxProperties 0 is below the 1 required properties"),
                Arguments.of("j", "{\"type\":\"string\",\"anyOf\":[{\"minLength\":1}]}",
                        "responseJsonSchema: anyOf together with type keywords is not supported: move them into each alternative"),
                Arguments.of("j", "{\"enum\":[1,2],\"type\":\"string\"}", "responseJsonSchema.enum: no enum value of the declared type"),
                Arguments.of("j", "false", "responseJsonSchema: schema false allows no value"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("errors")
    void invalidSchemasNameThePath(String dialect, String schema, String message) {
        assertThatThrownBy(() -> compile(dialect, schema)).isInstanceOf(InvalidSchemaException.class)
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(message);
    }

    @Test
    void geminiAcceptsAnyCaseAndTypeUnspecifiedMeansAnyValue() throws Exception {
        for (String t : new String[] {"STRING", "string", "String"}) {
            assertThat(compile("g", "{\"type\":\"" + t + "\"}").recognizer().advance("\"x\"").canEnd()).isTrue();
        }
        JsonSchema any = compile("g", "{\"type\":\"TYPE_UNSPECIFIED\"}");
        assertThat(any.recognizer().advance("[{\"k\":null}]").canEnd()).isTrue();
    }

    @Test
    void errorsCarryThePathSeparately() {
        InvalidSchemaException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSchemaException.class,
                () -> compile("g", "{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"X\"}}}"));
        assertThat(e.path()).isEqualTo("responseSchema.properties.a.type");
    }
}
