package org.pollux.serve.generate.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;

/** The API's OpenAPI-subset Schema as JSON Schema. */
class SchemaConverterTest {
    static JsonNode json(String s) throws Exception {
        return ApiJson.MAPPER.readTree(s);
    }

    @Test
    void convertsTypesNullableBoundsAndNesting() throws Exception {
        JsonNode in = ApiJson.normalize(json("{\"type\":\"OBJECT\",\"properties\":{\"City_Name\":{\"type\":\"string\","
                + "\"nullable\":true,\"max_length\":\"20\"},\"tags\":{\"type\":5,\"items\":{\"type\":\"STRING\","
                + "\"enum\":[\"a\",\"b\"]},\"minItems\":\"1\"},\"any\":{\"anyOf\":[{\"type\":\"INTEGER\"},"
                + "{\"type\":\"BOOLEAN\"}],\"nullable\":true}},\"required\":[\"City_Name\"],\"propertyOrdering\":"
                + "[\"tags\",\"City_Name\"]}"));
        JsonNode out = SchemaConverter.toJsonSchema(in, "s", true);
        assertThat(out).isEqualTo(json("{\"type\":\"object\",\"properties\":{\"City_Name\":{\"type\":[\"string\","
                + "\"null\"],\"maxLength\":20},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":"
                + "[\"a\",\"b\"]},\"minItems\":1},\"any\":{\"anyOf\":[{\"anyOf\":[{\"type\":\"integer\"},{\"type\":"
                + "\"boolean\"}]},{\"type\":\"null\"}]}},\"required\":[\"City_Name\"],\"propertyOrdering\":[\"tags\","
                + "\"City_Name\"]}"));
    }

    @Test
    void unknownFieldsAreDroppedOrRefusedInStrictMode() throws Exception {
        JsonNode in = json("{\"type\":\"STRING\",\"x-extra\":1}");
        assertThat(SchemaConverter.toJsonSchema(in, "s", false)).isEqualTo(json("{\"type\":\"string\"}"));
        assertThatThrownBy(() -> SchemaConverter.toJsonSchema(in, "GenerateContentRequest.generationConfig.responseSchema",
                true)).isInstanceOf(ApiException.class).hasMessageContaining("Unknown name \"x-extra\" at "
                        + "'GenerateContentRequest.generationConfig.responseSchema'");
    }

    @Test
    void badValuesNameTheirPath() throws Exception {
        assertThatThrownBy(() -> SchemaConverter.toJsonSchema(json("{\"type\":\"OBJECT\",\"properties\":{\"a\":"
                + "{\"type\":\"TEXT\"}}}"), "s", false)).hasMessageContaining("s.properties[a].value.type: Invalid value \"TEXT\"");
        assertThatThrownBy(() -> SchemaConverter.toJsonSchema(json("{\"maxItems\":\"many\"}"), "s", false))
                .hasMessageContaining("s.maxItems: Invalid value \"many\"; expected an integer");
        assertThatThrownBy(() -> SchemaConverter.toJsonSchema(json("{\"enum\":[]}"), "s", false))
                .hasMessageContaining("enum must be a non-empty list");
    }
}
